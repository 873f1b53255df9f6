/**
 * Where the store lives: `data/prefsim.db` (relative to the working directory) unless the
 * `PREFSIM_DB` environment variable names another file (ARCHITECTURE.md, "The prefsim command").
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Default store file, relative to the working directory. */
export const DEFAULT_DB_PATH = 'data/prefsim.db';

/** `PREFSIM_DB` when set and non-empty, else `data/prefsim.db`; resolved to an absolute path. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.PREFSIM_DB;
  return resolve(fromEnv !== undefined && fromEnv !== '' ? fromEnv : DEFAULT_DB_PATH);
}

/** Creates the folder that will hold `file` (no-op for `:memory:`). */
export function ensureParentDir(file: string): void {
  if (file === ':memory:') return;
  mkdirSync(dirname(resolve(file)), { recursive: true });
}
