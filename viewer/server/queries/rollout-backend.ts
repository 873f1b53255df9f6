/**
 * Where a served query's K rollouts run (the `rollouts` stage of `prepareQuery`): in the rollout
 * worker itself, or on remote `prefsim worker` processes through the BullMQ queue (issue 8), so
 * slow tasks (granular piles, cloth) do not make annotators wait.
 */
import { decodeRuns, type RolloutRunner } from '../../../reward/collect/index.ts';
import { prepareQueryRemote, QueueClient } from '../../../pipeline/queue/index.ts';

export interface RolloutBackend {
  readonly name: string;
  /** Undefined: `prepareQuery`'s own local rollouts. */
  readonly run: RolloutRunner | undefined;
  close(): Promise<void>;
}

export const localRollouts: RolloutBackend = { name: 'local', run: undefined, close: async () => {} };

/** Rollouts on queue workers at `url` (redis://HOST:PORT). */
export async function remoteRollouts(url: string): Promise<RolloutBackend> {
  const client = await QueueClient.open(url);
  return {
    name: `queue ${url}`,
    run: async (scene, snapshot, candidates) => {
      const r = await prepareQueryRemote(client, { task: scene.task.id, seed: scene.seed, snapshot, candidates });
      return decodeRuns(scene, r);
    },
    close: () => client.close(),
  };
}
