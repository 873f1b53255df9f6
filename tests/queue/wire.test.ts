import { expect, test } from 'vitest';
import { decodeWire, encodeWire } from '../../pipeline/queue/index.ts';

test('results survive the wire exactly: NaN, ±Infinity, −0 and bytes', () => {
  const value = {
    a: NaN,
    b: [Infinity, -Infinity, -0, 0, 1.5],
    c: new Uint8Array([0, 1, 255]),
    d: { e: null, f: 'x' },
    g: [[new Uint8Array(0)]],
  };
  const back = decodeWire<typeof value>(encodeWire(value));
  expect(back).toEqual(value);
  expect(Object.is(back.b[2], -0)).toBe(true);
  expect(back.c).toBeInstanceOf(Uint8Array);
  expect(JSON.parse(encodeWire({ n: NaN }))).toEqual({ n: { $num: 'NaN' } });
});
