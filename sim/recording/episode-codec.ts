/**
 * The episode file format, version 1. Little-endian:
 *
 *   off  type        field
 *   0    4 bytes     magic "PSEP"
 *   4    u16         format version (1)
 *   6    u8          frame encoding: 0 = float32, 1 = int16 (every frame)
 *   7    u8          reserved, 0
 *   8    f64         seed
 *   16   u32         P, particles per frame
 *   20   u32         R, bodies per frame
 *   24   u32         F, frame count
 *   28   u16 + L     task id, UTF-8
 *   ..   u32 + J     JSON section, UTF-8 (`EpisodeJsonSchema`: initial metrics, steps with actions,
 *                    metrics and frame ranges)
 *   ..   F records   frames (`frame-codec.ts`), each self-describing and checked against P, R
 *   end             nothing may follow
 *
 * A reader rejects a wrong magic, an unknown version, a truncation anywhere, a frame whose
 * P/R/encoding differs from the header, step frame ranges outside [0, F], and trailing bytes,
 * with an `EpisodeFormatError` that names the byte offset.
 */
import { formatZodError } from '../validation/index.ts';
import { ByteReader, ByteWriter } from './byte-io.ts';
import { EpisodeJsonSchema, type Episode } from './episode.ts';
import { EpisodeFormatError } from './format-error.ts';
import { checkFrame, frameByteLength, readFrame, writeFrame, type FrameEncoding } from './frame-codec.ts';

export const EPISODE_MAGIC = 'PSEP';
export const EPISODE_VERSION = 1;
const MAGIC_BYTES = new TextEncoder().encode(EPISODE_MAGIC);

export interface EncodeOptions {
  /** Frame encoding. Default 'int16' (about half the bytes; error ≤ half a step per axis). */
  encoding?: FrameEncoding;
}

/** Encodes `episode` into the version-1 file format. Throws on inconsistent frames or steps. */
export function encodeEpisode(episode: Episode, opts: EncodeOptions = {}): Uint8Array {
  const encoding = opts.encoding ?? 'int16';
  const json = EpisodeJsonSchema.safeParse({ initialMetrics: episode.initialMetrics, steps: episode.steps });
  if (!json.success) throw new Error(`episode: ${formatZodError(json.error, 'episode')}`);
  if (!Number.isFinite(episode.seed)) throw new Error(`episode.seed: expected a finite number, got ${episode.seed}`);
  const f = episode.frames.length;
  const p = f > 0 ? episode.frames[0].particles.length / 3 : 0,
    r = f > 0 ? episode.frames[0].bodies.length / 7 : 0;
  episode.frames.forEach((fr, i) => {
    checkFrame(fr, `episode.frames[${i}]`);
    if (fr.particles.length !== 3 * p || fr.bodies.length !== 7 * r) {
      throw new Error(
        `episode.frames[${i}]: expected ${p} particles and ${r} bodies like frame 0, got ` +
          `${fr.particles.length / 3} and ${fr.bodies.length / 7}`,
      );
    }
  });
  episode.steps.forEach((s, i) => {
    if (s.frameStart + s.frameCount > f)
      throw new Error(
        `episode.steps[${i}]: frames [${s.frameStart}, ${s.frameStart + s.frameCount}) exceed the ${f} frames`,
      );
  });
  const task = new TextEncoder().encode(episode.taskId);
  if (task.length > 0xffff) throw new Error(`episode.taskId: at most 65535 UTF-8 bytes, got ${task.length}`);
  const body = new TextEncoder().encode(JSON.stringify(json.data));
  const size = 28 + 2 + task.length + 4 + body.length + f * frameByteLength(p, r, encoding);
  const w = new ByteWriter(size);
  w.put(MAGIC_BYTES);
  w.u16(EPISODE_VERSION);
  w.u8(encoding === 'float32' ? 0 : 1);
  w.u8(0);
  w.f64(episode.seed);
  w.u32(p);
  w.u32(r);
  w.u32(f);
  w.u16(task.length);
  w.put(task);
  w.u32(body.length);
  w.put(body);
  for (const fr of episode.frames) writeFrame(w, fr, encoding);
  return w.bytes;
}

/** Decodes a version-1 episode; `encoding` and `version` say how it was stored. */
export function decodeEpisode(bytes: Uint8Array): Episode & { encoding: FrameEncoding; version: number } {
  const rd = new ByteReader(bytes);
  const magic = rd.take(Math.min(4, rd.remaining), 'magic');
  if (magic.length < 4 || MAGIC_BYTES.some((b, i) => magic[i] !== b)) {
    throw new EpisodeFormatError('magic', `"${EPISODE_MAGIC}"`, JSON.stringify(new TextDecoder().decode(magic)), 0);
  }
  const version = rd.u16('version');
  if (version !== EPISODE_VERSION)
    throw new EpisodeFormatError('format version', String(EPISODE_VERSION), String(version), 4);
  const code = rd.u8('header');
  if (code > 1) throw new EpisodeFormatError('frame encoding', '0 (float32) or 1 (int16)', String(code), 6);
  const encoding: FrameEncoding = code === 0 ? 'float32' : 'int16';
  rd.u8('header');
  const seed = rd.f64('header'),
    p = rd.u32('header'),
    r = rd.u32('header'),
    f = rd.u32('header');
  const taskId = new TextDecoder().decode(rd.take(rd.u16('task id length'), 'task id'));
  const jsonAt = rd.pos + 4;
  const text = new TextDecoder().decode(rd.take(rd.u32('JSON section length'), 'JSON section'));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new EpisodeFormatError('JSON section', 'valid JSON', (e as Error).message, jsonAt);
  }
  const json = EpisodeJsonSchema.safeParse(raw);
  if (!json.success)
    throw new EpisodeFormatError('JSON section', 'actions and metrics', formatZodError(json.error), jsonAt);
  // Check the frame bytes are all there before allocating F frames from an untrusted count.
  rd.need(f * frameByteLength(p, r, encoding), `frames (${f} × ${frameByteLength(p, r, encoding)} bytes)`);
  const frames = [];
  for (let i = 0; i < f; i++) {
    const at = rd.pos;
    const { frame, encoding: e } = readFrame(rd);
    if (e !== encoding || frame.particles.length !== 3 * p || frame.bodies.length !== 7 * r) {
      throw new EpisodeFormatError(
        `frame ${i}`,
        `${encoding} with ${p} particles, ${r} bodies`,
        `${e} with ${frame.particles.length / 3} particles, ${frame.bodies.length / 7} bodies`,
        at,
      );
    }
    frames.push(frame);
  }
  if (rd.remaining > 0)
    throw new EpisodeFormatError('end of file', 'no more bytes', `${rd.remaining} more bytes`, rd.pos);
  json.data.steps.forEach((s, i) => {
    if (s.frameStart + s.frameCount > f) {
      throw new EpisodeFormatError(
        `JSON section steps[${i}] frame range`,
        `within ${f} frames`,
        `[${s.frameStart}, ${s.frameStart + s.frameCount})`,
        jsonAt,
      );
    }
  });
  return { taskId, seed, initialMetrics: json.data.initialMetrics, steps: json.data.steps, frames, encoding, version };
}
