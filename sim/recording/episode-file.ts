/** Episode files on disk (node:fs). Writes are atomic: a temporary file renamed into place. */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Episode } from './episode.ts';
import { decodeEpisode, encodeEpisode, type EncodeOptions } from './episode-codec.ts';
import type { FrameEncoding } from './frame-codec.ts';

/** Encodes and writes `episode` to `path`; returns the number of bytes written. */
export function writeEpisodeFile(path: string, episode: Episode, opts: EncodeOptions = {}): number {
  const bytes = encodeEpisode(episode, opts);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return bytes.byteLength;
}

/** Reads and decodes the episode at `path`; format errors carry the file name. */
export function readEpisodeFile(path: string): Episode & { encoding: FrameEncoding; version: number } {
  const buf = readFileSync(path);
  try {
    return decodeEpisode(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
  } catch (e) {
    if (e instanceof Error) e.message = `${path}: ${e.message}`;
    throw e;
  }
}
