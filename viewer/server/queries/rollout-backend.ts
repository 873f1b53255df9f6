/**
 * Where a query's K rollouts run: in the rollout worker itself, or on remote `prefsim worker`
 * processes through the BullMQ queue (issue 8), so slow tasks (granular piles, cloth) do not make
 * annotators wait. Either way the scene is left at the last candidate's outcome, where the
 * episode continues.
 */
import { rolloutCandidates, type Action, type CandidateRollouts, type Scene } from '../../../sim/index.ts';
import { prepareQueryRemote, QueueClient } from '../../../pipeline/queue/index.ts';

export interface RolloutBackend {
  readonly name: string;
  run(scene: Scene, snapshot: Uint8Array, candidates: Action[]): Promise<CandidateRollouts>;
  close(): Promise<void>;
}

export const localRollouts: RolloutBackend = {
  name: 'local',
  run: async (scene, snapshot, candidates) => rolloutCandidates(scene, snapshot, candidates, 'last'),
  close: async () => {},
};

/** Rollouts on queue workers at `url` (redis://HOST:PORT); only the last candidate re-runs here. */
export async function remoteRollouts(url: string): Promise<RolloutBackend> {
  const client = await QueueClient.open(url);
  return {
    name: `queue ${url}`,
    run: async (scene, snapshot, candidates) => {
      const r = await prepareQueryRemote(client, { task: scene.task.id, seed: scene.seed, snapshot, candidates });
      scene.restore(snapshot);
      scene.apply(candidates[candidates.length - 1]);
      return r;
    },
    close: () => client.close(),
  };
}
