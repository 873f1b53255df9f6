/**
 * One recorded frame (`Frame` of sim/types.ts) as bytes: the unit of the episode file and of
 * WebSocket binary frame messages. Little-endian; layout of one frame record:
 *
 *   off  type  field
 *   0    u8    encoding: 0 = float32, 1 = int16
 *   1    u8    reserved, 0
 *   2    u16   R, rigid bodies
 *   4    u32   P, particles
 *   8    f32   t, seconds since the action started
 *   12   payload
 *     float32: particles [P, 3] f32, then bodies [R, 7] f32                     12 + 12P + 28R bytes
 *     int16:   if P > 0: per-axis bounds (x lo, x hi, y lo, y hi, z lo, z hi) f32, particles [P, 3] i16;
 *              if R > 0: per-axis bounds of body positions (6 f32), bodies [R, 7] i16, where the
 *              quaternion (qx, qy, qz, qw) uses fixed bounds [−1, 1]     12 + (24 + 6P) + (24 + 14R)
 *
 * Bounds are this frame's own per-channel min/max, so the error is at most half a step of that
 * frame's extent per axis (e.g. 1 m extent → 7.6 µm).
 */
import type { Frame } from '../types.ts';
import { ByteReader, ByteWriter } from './byte-io.ts';
import { EpisodeFormatError } from './format-error.ts';
import { dequantise, quantise } from './quantise.ts';

export type FrameEncoding = 'float32' | 'int16';
const ENCODING_CODES: Record<FrameEncoding, number> = { float32: 0, int16: 1 };
export const FRAME_HEADER_BYTES = 12;

/** Bytes of one frame record with `p` particles and `r` bodies. */
export function frameByteLength(p: number, r: number, encoding: FrameEncoding): number {
  if (encoding === 'float32') return FRAME_HEADER_BYTES + 12 * p + 28 * r;
  return FRAME_HEADER_BYTES + (p > 0 ? 24 + 6 * p : 0) + (r > 0 ? 24 + 14 * r : 0);
}

/** Throws unless `frame` has [P, 3] particles, [R, 7] bodies and only finite numbers. */
export function checkFrame(frame: Frame, where = 'frame'): void {
  if (!Number.isFinite(frame.t)) throw new Error(`${where}.t: expected a finite number of seconds, got ${frame.t}`);
  if (frame.particles.length % 3 !== 0)
    throw new Error(`${where}.particles: expected [P, 3], got length ${frame.particles.length}`);
  if (frame.bodies.length % 7 !== 0)
    throw new Error(`${where}.bodies: expected [R, 7], got length ${frame.bodies.length}`);
  if (frame.bodies.length / 7 > 0xffff)
    throw new Error(`${where}.bodies: at most 65535 bodies, got ${frame.bodies.length / 7}`);
  for (const [name, a] of [
    ['particles', frame.particles],
    ['bodies', frame.bodies],
  ] as const) {
    for (let i = 0; i < a.length; i++) {
      if (!Number.isFinite(a[i])) throw new Error(`${where}.${name}[${i}]: expected a finite number, got ${a[i]}`);
    }
  }
}

/** Encodes one frame as a self-describing record (see the layout above). */
export function encodeFrame(frame: Frame, encoding: FrameEncoding = 'int16'): Uint8Array {
  checkFrame(frame);
  const p = frame.particles.length / 3,
    r = frame.bodies.length / 7;
  const w = new ByteWriter(frameByteLength(p, r, encoding));
  writeFrame(w, frame, encoding);
  return w.bytes;
}

/** Writes an already checked frame at the writer's position. */
export function writeFrame(w: ByteWriter, frame: Frame, encoding: FrameEncoding): void {
  const p = frame.particles.length / 3,
    r = frame.bodies.length / 7;
  w.u8(ENCODING_CODES[encoding]);
  w.u8(0);
  w.u16(r);
  w.u32(p);
  w.f32(frame.t);
  if (encoding === 'float32') {
    for (let i = 0; i < frame.particles.length; i++) w.f32(frame.particles[i]);
    for (let i = 0; i < frame.bodies.length; i++) w.f32(frame.bodies[i]);
    return;
  }
  if (p > 0) writeQuantised(w, frame.particles, 3, 3);
  if (r > 0) writeQuantised(w, frame.bodies, 7, 3);
}

/**
 * Decodes the frame record starting at `offset` of `bytes`; `byteLength` is the size read.
 * Offsets in errors are absolute within `bytes`.
 */
export function decodeFrame(
  bytes: Uint8Array,
  offset = 0,
): { frame: Frame; encoding: FrameEncoding; byteLength: number } {
  const rd = new ByteReader(bytes, offset);
  const frame = readFrame(rd);
  return { frame: frame.frame, encoding: frame.encoding, byteLength: rd.pos - offset };
}

/** Reads one frame record at the reader's position. */
export function readFrame(rd: ByteReader): { frame: Frame; encoding: FrameEncoding } {
  const at = rd.pos;
  const code = rd.u8('frame header');
  const encoding = (Object.keys(ENCODING_CODES) as FrameEncoding[]).find((k) => ENCODING_CODES[k] === code);
  if (!encoding) throw new EpisodeFormatError('frame encoding', '0 (float32) or 1 (int16)', String(code), at);
  const reserved = rd.u8('frame header');
  if (reserved !== 0) throw new EpisodeFormatError('frame reserved byte', '0', String(reserved), at + 1);
  const r = rd.u16('frame header'),
    p = rd.u32('frame header'),
    t = rd.f32('frame header');
  // Check the whole payload is there before allocating P-sized arrays from an untrusted count.
  rd.need(
    frameByteLength(p, r, encoding) - FRAME_HEADER_BYTES,
    `frame payload (${p} particles, ${r} bodies, ${encoding})`,
  );
  const particles = new Float32Array(3 * p),
    bodies = new Float32Array(7 * r);
  if (encoding === 'float32') {
    rd.f32s(particles, 'frame particles');
    rd.f32s(bodies, 'frame bodies');
  } else {
    if (p > 0) readQuantised(rd, particles, 3, 3);
    if (r > 0) readQuantised(rd, bodies, 7, 3);
  }
  return { frame: { t, particles, bodies }, encoding };
}

/**
 * Rows of `stride` channels; the first `bounded` channels get stored per-frame bounds, the rest
 * (quaternion components) fixed bounds [−1, 1].
 */
function writeQuantised(w: ByteWriter, a: Float32Array, stride: number, bounded: number): void {
  const lo = new Float32Array(bounded).fill(Infinity),
    hi = new Float32Array(bounded).fill(-Infinity);
  for (let i = 0; i < a.length; i += stride) {
    for (let c = 0; c < bounded; c++) {
      const v = a[i + c];
      if (v < lo[c]) lo[c] = v;
      if (v > hi[c]) hi[c] = v;
    }
  }
  for (let c = 0; c < bounded; c++) {
    w.f32(lo[c]);
    w.f32(hi[c]);
  }
  for (let i = 0; i < a.length; i += stride) {
    for (let c = 0; c < stride; c++) w.i16(c < bounded ? quantise(a[i + c], lo[c], hi[c]) : quantise(a[i + c], -1, 1));
  }
}

function readQuantised(rd: ByteReader, out: Float32Array, stride: number, bounded: number): void {
  const lo: number[] = [],
    hi: number[] = [];
  for (let c = 0; c < bounded; c++) {
    lo.push(rd.f32('frame bounds'));
    hi.push(rd.f32('frame bounds'));
  }
  for (let i = 0; i < out.length; i += stride) {
    for (let c = 0; c < stride; c++) {
      const q = rd.i16('frame values');
      out[i + c] = c < bounded ? dequantise(q, lo[c], hi[c]) : dequantise(q, -1, 1);
    }
  }
}
