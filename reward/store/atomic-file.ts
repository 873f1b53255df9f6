/** Writes a file so that it is either absent/old or complete: temp file, fsync, rename, fsync dir. */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `chunks` to `file` atomically: a reader never sees a partial file, and a crash leaves the
 * previous file (or none) plus at most a `.FILE.tmp-PID` next to it. Returns the bytes written.
 */
export function writeFileAtomic(file: string, chunks: Iterable<string>): number {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.tmp-${process.pid}`);
  let bytes = 0;
  const fd = openSync(tmp, 'w');
  try {
    let buf = '';
    for (const c of chunks) {
      buf += c;
      if (buf.length >= 1 << 20) {
        bytes += writeSync(fd, buf);
        buf = '';
      }
    }
    if (buf) bytes += writeSync(fd, buf);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, file);
  const dfd = openSync(dir, 'r'); // the rename itself is durable once the directory is synced
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
  return bytes;
}
