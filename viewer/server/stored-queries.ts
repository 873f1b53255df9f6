/**
 * The label browser's replay of a label given before this server started: its query is read back
 * from the store (state snapshot, observation, candidates) and rolled out again by the rollout
 * worker, so every past label can be replayed and relabelled, not only those served since start.
 */
import type { SelectorName } from '../../reward/selection/index.ts';
import type { PreferenceStore } from '../../reward/store/index.ts';
import { FLOW_CANDIDATES, FLOWS, type Flow } from '../protocol/index.ts';
import type { PoolEntry, PreparedQuery } from './queries/index.ts';
import type { StoredQuerySpec } from './queries/stored-replay.ts';

/**
 * First id of a replayed stored query as the annotators see it: far above the pool's ids (which
 * count up from 1), below the frame header's uint32 limit.
 */
const FIRST_REPLAY_ID = 0x8000_0000;

/** The flow whose candidate count a stored query has. */
function flowOf(queryId: number, k: number): Flow {
  const flow = FLOWS.find((f) => FLOW_CANDIDATES[f] === k);
  if (!flow) throw new Error(`stored query ${queryId}: ${k} candidates match no flow`);
  return flow;
}

/** `replayStored(queryId)`: a fresh showing of the stored query, rolled out again by `replay`. */
export function storedQueryReplayer(
  store: PreferenceStore,
  replay: (spec: StoredQuerySpec) => Promise<PreparedQuery>,
): (queryId: number) => Promise<PoolEntry> {
  let next = FIRST_REPLAY_ID;
  return async (queryId) => {
    const q = store.getQuery(queryId);
    const state = store.getState(q.stateId);
    if (!state.observation) throw new Error(`stored query ${queryId}: its state's observation is not stored inline`);
    const query = await replay({
      flow: flowOf(queryId, q.candidates.length),
      seed: state.seed,
      snapshot: state.snapshot,
      observation: state.observation,
      candidates: q.candidates,
      selector: q.selector as SelectorName,
      selectorScore: q.selectorScore,
    });
    return { id: next++, query, assigned: new Set(), dbQueryId: queryId };
  };
}
