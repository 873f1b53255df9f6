import { describe, expect, test } from 'vitest';
import {
  decodeFrameMessage,
  encodeFrameMessage,
  FRAME_MESSAGE_HEADER_BYTES,
  START_STATE,
} from '../../../viewer/protocol/index.ts';
import type { Frame } from '../../../sim/types.ts';

function frame(p: number, r: number): Frame {
  const particles = new Float32Array(3 * p).map((_, i) => Math.sin(i) * 0.2);
  const bodies = new Float32Array(7 * r).map((_, i) => (i % 7 === 6 ? 1 : i % 7 > 2 ? 0 : 0.1 * i));
  return { t: 0.5, particles, bodies };
}

describe('frame messages', () => {
  test.each(['float32', 'int16'] as const)('round trip (%s)', (enc) => {
    const f = frame(576, 4);
    const bytes = encodeFrameMessage({ queryId: 77, candidate: 1, index: 5, count: 60 }, f, enc);
    const d = decodeFrameMessage(bytes);
    expect(d.header).toEqual({ queryId: 77, candidate: 1, index: 5, count: 60 });
    expect(d.encoding).toBe(enc);
    const tol = enc === 'float32' ? 0 : 1e-4;
    for (let i = 0; i < f.particles.length; i++)
      expect(Math.abs(d.frame.particles[i] - f.particles[i])).toBeLessThanOrEqual(tol);
  });

  test('start-state frame may have index 0 of count 0', () => {
    const bytes = encodeFrameMessage({ queryId: 1, candidate: START_STATE, index: 0, count: 0 }, frame(10, 5));
    expect(decodeFrameMessage(bytes).header.candidate).toBe(START_STATE);
  });

  const good = encodeFrameMessage({ queryId: 1, candidate: 0, index: 0, count: 2 }, frame(8, 1));
  test.each([
    ['too short', good.slice(0, 5), /at least 12 header bytes/],
    ['bad magic', Uint8Array.from(good, (b, i) => (i === 0 ? 0 : b)), /field magic/],
    ['index past count', Uint8Array.from(good, (b, i) => (i === 2 ? 9 : b)), /field index/],
    ['truncated record', good.slice(0, good.length - 3), /truncated/],
    ['trailing bytes', Uint8Array.from([...good, 0, 0]), /2 trailing bytes/],
  ])('rejects %s', (_n, bytes, re) => {
    expect(() => decodeFrameMessage(bytes)).toThrow(re);
  });

  test('encoder checks header fields and frame values', () => {
    expect(() => encodeFrameMessage({ queryId: 1, candidate: 300, index: 0, count: 1 }, frame(2, 0))).toThrow(
      /field candidate/,
    );
    const bad = frame(2, 0);
    bad.particles[1] = NaN;
    expect(() => encodeFrameMessage({ queryId: 1, candidate: 0, index: 0, count: 1 }, bad)).toThrow(/particles\[1\]/);
  });

  test('header is 12 bytes', () => {
    expect(good.byteLength - FRAME_MESSAGE_HEADER_BYTES).toBe(12 + 24 + 6 * 8 + 24 + 14);
  });
});
