/**
 * Trains explicit reward members on worker threads (all at once, see `memberWorkers`), each with
 * one ORT intra-op thread, so the result does not depend on how many threads ran it.
 */
import { MessageChannel } from 'node:worker_threads';
import Tinypool from 'tinypool';
import { runnableModule } from '../../core/compiled-module.ts';
import { trainMember, type MemberJob, type MemberProgress, type MemberResult } from './explicit-member.ts';

/**
 * The shared worker entry (pipeline/threads), named by URL: reward/ may not import pipeline/. It
 * loads the member worker's compiled bundle when the CLI runs compiled, else registers tsx.
 */
const ENTRY = new URL('../../pipeline/threads/thread-entry.mjs', import.meta.url).href;
const WORKER = runnableModule(new URL('./explicit-member-worker.ts', import.meta.url)).url.href;
/**
 * Below this many training pairs per member, members train in this thread: booting a worker
 * (tsx, ORT, the graph) costs seconds, more than such a member takes. The result is the same.
 */
export const MIN_PAIRS_FOR_THREADS = 500;

/**
 * Worker threads for `members` members on `threads` cores: every member at once, up to two per
 * core. With one worker per core, M = 3 on 2 cores trains the third member alone while a core
 * idles (a third of the time); three workers share the two cores instead. Each member still runs
 * with one ORT thread on its own, so the model does not depend on this count.
 */
export function memberWorkers(members: number, threads: number): number {
  return threads <= 1 ? 1 : Math.min(members, 2 * threads);
}

/**
 * Runs `jobs` on `memberWorkers(jobs, threads)` worker threads (in this thread when `threads` ≤ 1
 * or there is one job); results in job order. Progress messages arrive as the workers post them.
 */
export async function trainMembers(
  jobs: MemberJob[],
  threads: number,
  onProgress?: (p: MemberProgress) => void,
  minPairs = MIN_PAIRS_FOR_THREADS,
): Promise<MemberResult[]> {
  const small = jobs.every((j) => j.train.length < minPairs);
  const n = small ? 1 : memberWorkers(jobs.length, threads);
  if (n <= 1) {
    const out: MemberResult[] = [];
    for (const j of jobs) out.push(await trainMember(j, onProgress));
    return out;
  }
  const pool = new Tinypool({ filename: ENTRY, minThreads: n, maxThreads: n });
  try {
    return await Promise.all(
      jobs.map(async (job) => {
        const { port1, port2 } = new MessageChannel();
        port1.on('message', (p: MemberProgress) => onProgress?.(p));
        try {
          return (await pool.run(
            { module: WORKER, payload: { job, port: port2 } },
            { transferList: [port2] },
          )) as MemberResult;
        } finally {
          port1.close();
        }
      }),
    );
  } finally {
    await pool.destroy();
  }
}
