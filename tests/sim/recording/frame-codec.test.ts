import { describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { decodeFrame, encodeFrame, frameByteLength, halfStep } from '../../../sim/recording/index.ts';
import { randomFrame } from './fixtures.ts';

describe('frame codec', () => {
  test.each([
    [48, 2],
    [576, 2],
    [0, 1],
    [10, 0],
    [0, 0],
  ])('float32 round trip is exact (%i particles, %i bodies)', (p, r) => {
    const f = randomFrame(p, r, 0.5, makeRng(p + r));
    const bytes = encodeFrame(f, 'float32');
    expect(bytes.byteLength).toBe(frameByteLength(p, r, 'float32'));
    const { frame, encoding, byteLength } = decodeFrame(bytes);
    expect(encoding).toBe('float32');
    expect(byteLength).toBe(bytes.byteLength);
    expect(frame.t).toBe(0.5);
    expect(decodeFrame(encodeFrame({ ...f, t: 1 / 30 }, 'float32')).frame.t).toBe(Math.fround(1 / 30));
    expect(frame.particles).toEqual(f.particles);
    expect(frame.bodies).toEqual(f.bodies);
  });

  test.each([
    [48, 2],
    [576, 3],
    [5, 1],
    [1, 0],
  ])('int16 round trip is within half a step per channel (%i particles, %i bodies)', (p, r) => {
    const f = randomFrame(p, r, 1.25, makeRng(7 * p + r));
    const bytes = encodeFrame(f, 'int16');
    expect(bytes.byteLength).toBe(frameByteLength(p, r, 'int16'));
    const { frame } = decodeFrame(bytes);
    const check = (src: Float32Array, out: Float32Array, stride: number, bounded: number) => {
      expect(out.length).toBe(src.length);
      if (src.length === 0) return;
      for (let c = 0; c < stride; c++) {
        let lo = -1,
          hi = 1;
        if (c < bounded) {
          lo = Infinity;
          hi = -Infinity;
          for (let i = c; i < src.length; i += stride) {
            lo = Math.min(lo, src[i]);
            hi = Math.max(hi, src[i]);
          }
        }
        // Half a step, plus the float32 rounding of the decoded value.
        const tol = halfStep(lo, hi) + 2 ** -24 * Math.max(Math.abs(lo), Math.abs(hi));
        let worst = 0;
        for (let i = c; i < src.length; i += stride) worst = Math.max(worst, Math.abs(out[i] - src[i]));
        expect(worst).toBeLessThanOrEqual(tol);
        // Quantisation is not a no-op: with many values some error is visible.
        if (src.length / stride > 40 && hi > lo) expect(worst).toBeGreaterThan(0);
      }
    };
    check(f.particles, frame.particles, 3, 3);
    check(f.bodies, frame.bodies, 7, 3);
  });

  test('constant channels decode exactly', () => {
    const f = {
      t: 0,
      particles: new Float32Array([0.1, 0.2, 0.3, 0.1, 0.2, 0.3]),
      bodies: new Float32Array([1, 2, 3, 0, 0, 0, 1]),
    };
    const { frame } = decodeFrame(encodeFrame(f, 'int16'));
    expect(frame.particles).toEqual(f.particles);
    expect([...frame.bodies.subarray(0, 3)]).toEqual([1, 2, 3]);
    expect(frame.bodies[6]).toBe(1);
  });

  test('decodes at an offset inside a larger buffer (a WebSocket message after its tag)', () => {
    const f = randomFrame(4, 1, 2, makeRng(1));
    const rec = encodeFrame(f, 'float32');
    const msg = new Uint8Array(3 + rec.length);
    msg.set(rec, 3);
    const { frame, byteLength } = decodeFrame(msg, 3);
    expect(byteLength).toBe(rec.length);
    expect(frame.particles).toEqual(f.particles);
  });

  test('errors: unknown encoding, truncation, non-finite input', () => {
    const rec = encodeFrame(randomFrame(4, 1, 0, makeRng(2)), 'int16');
    const bad = rec.slice();
    bad[0] = 9;
    expect(() => decodeFrame(bad)).toThrowErrorMatchingInlineSnapshot(
      `[EpisodeFormatError: episode file: frame encoding at byte 0: expected 0 (float32) or 1 (int16), found 9]`,
    );
    expect(() => decodeFrame(rec.subarray(0, rec.length - 1))).toThrowErrorMatchingInlineSnapshot(
      `[EpisodeFormatError: episode file: truncated frame payload (4 particles, 1 bodies, int16) at byte 12: ` +
        `expected 86 bytes, found 85]`,
    );
    expect(() => decodeFrame(rec.subarray(0, 5))).toThrow(
      /truncated frame header at byte 4: expected 4 bytes, found 1/,
    );
    expect(() => encodeFrame({ t: 0, particles: new Float32Array([0, NaN, 0]), bodies: new Float32Array(0) })).toThrow(
      /frame.particles\[1\]: expected a finite number, got NaN/,
    );
    expect(() => encodeFrame({ t: 0, particles: new Float32Array(4), bodies: new Float32Array(0) })).toThrow(
      /expected \[P, 3\], got length 4/,
    );
  });
});
