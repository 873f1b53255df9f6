/**
 * Inline observation bytes for the `states.observation` column: a little-endian Float64 header
 * [center x, y, z, scale] (32 bytes) followed by the points as Float32 [N, 3].
 */
import type { Observation } from '../../sim/types.ts';

const HEADER_BYTES = 32;

export function encodeObservation(obs: Observation): Uint8Array {
  if (obs.points.length % 3 !== 0) {
    throw new Error(`encodeObservation: field points: expected a length divisible by 3, found ${obs.points.length}`);
  }
  const out = new Uint8Array(HEADER_BYTES + obs.points.byteLength);
  const view = new DataView(out.buffer);
  [...obs.center, obs.scale].forEach((v, i) => view.setFloat64(i * 8, v, true));
  obs.points.forEach((v, i) => view.setFloat32(HEADER_BYTES + i * 4, v, true));
  return out;
}

export function decodeObservation(bytes: Uint8Array): Observation {
  if (bytes.byteLength < HEADER_BYTES || (bytes.byteLength - HEADER_BYTES) % 12 !== 0) {
    throw new Error(`decodeObservation: expected 32 + 12·N bytes, found ${bytes.byteLength}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const points = new Float32Array((bytes.byteLength - HEADER_BYTES) / 4); // [N*3]
  for (let i = 0; i < points.length; i++) points[i] = view.getFloat32(HEADER_BYTES + i * 4, true);
  return {
    center: [view.getFloat64(0, true), view.getFloat64(8, true), view.getFloat64(16, true)],
    scale: view.getFloat64(24, true),
    points,
  };
}
