import Tinypool from 'tinypool';
import { runnableModule } from '../../core/compiled-module.ts';

/** Runs requests on worker threads; `close()` releases them. */
export interface ThreadPool<Req, Res> {
  run(req: Req): Promise<Res>;
  close(): Promise<void>;
}

/**
 * A tinypool of `threads` workers, each running the default export of the TypeScript module
 * `module` (a file URL; its compiled bundle when the CLI runs compiled) on every request. Workers are recycled past
 * `recycleMb` of memory: every
 * Rapier snapshot restore leaks a little WASM memory (~1.7 KB). `threads: 0` is not a pool:
 * callers run in-thread instead.
 */
export function makeThreadPool<Req, Res>(module: URL, threads: number, recycleMb = 1500): ThreadPool<Req, Res> {
  if (!(threads >= 1)) throw new Error(`thread pool: expected at least 1 thread, got ${threads}`);
  const pool = new Tinypool({
    filename: new URL('./thread-entry.mjs', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    maxMemoryLimitBeforeRecycle: recycleMb * 1024 * 1024,
    // thread-entry.mjs's `teardown` runs each loaded module's own before a thread ends.
    teardown: 'teardown',
  });
  const entry = runnableModule(module).url.href;
  return {
    run: (payload) => pool.run({ module: entry, payload }) as Promise<Res>,
    close: () => pool.destroy(),
  };
}
