/**
 * Client side of query preparation on remote workers, for the preference server: the snapshot
 * goes to the blob store by content hash, the K rollouts run on any worker, and the frames and
 * metrics come back. Prioritised over batch jobs so annotators do not wait behind evaluations.
 */
import type { Action } from '../../sim/index.ts';
import { PrepareQueryJobSchema, type PrepareQueryResult } from './prepare-query-job.ts';
import type { QueueClient } from './queue-client.ts';

export interface PrepareQueryRequest {
  task: string;
  /** Seed the scene was created with. */
  seed: number;
  /** `scene.snapshot()` of the state every candidate starts from. */
  snapshot: Uint8Array;
  /** [K] candidate actions, normalised frame. */
  candidates: Action[];
}

/** Snapshots expire from Redis after this long (s): a query is prepared within minutes. */
export const SNAPSHOT_TTL_SECONDS = 3600;

export async function prepareQueryRemote(
  client: QueueClient,
  req: PrepareQueryRequest,
  opts: { priority?: number } = {},
): Promise<PrepareQueryResult> {
  const snapshot = await client.blobs.put(req.snapshot, SNAPSHOT_TTL_SECONDS);
  const payload = PrepareQueryJobSchema.parse({ task: req.task, seed: req.seed, snapshot, candidates: req.candidates });
  return client.submit(
    'prepare-query',
    payload,
    `prepare-query ${req.task} seed ${req.seed} K=${req.candidates.length}`,
    { priority: opts.priority ?? 1 },
  );
}
