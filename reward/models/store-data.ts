/**
 * Training and evaluation data read from the preference store: pair labels as `PairData`
 * (observations decoded from the states table; `keep` applies the episode split of split.ts),
 * plus the "clean" targets recomputed from the outcomes' true returns.
 */
import type { Observation } from '../../sim/types.ts';
import type { PreferenceStore, TrainingPair } from '../store/index.ts';
import { decodeObservation } from '../store/index.ts';
import { worldOrigin } from '../../sim/observation/index.ts';
import { makePairData, type PairData } from './pair-data.ts';

export interface StorePairs {
  data: PairData;
  /** Decoded observation of each entry of `data.states` (points, centre, scale). */
  observations: Observation[];
  /** Store state id of each entry of `data.states`. */
  stateIds: number[];
  /** Clean target per pair from the outcomes' returns (1, 0, 0.5 on equal returns; NaN when unknown). */
  clean: Float32Array;
  /** The store records, in `data` order. */
  records: TrainingPair[];
}

/** Pair records of `task` as PairData; `keep` filters records (e.g. by held-out state). */
export function pairsFromStore(
  store: PreferenceStore,
  task: string,
  keep: (p: TrainingPair) => boolean = () => true,
): StorePairs {
  const records = store.trainingPairs(task).filter(keep);
  const stateIndex = new Map<number, number>();
  const states: Float32Array[] = [];
  const observations: Observation[] = [];
  const stateIds: number[] = [];
  const returns = new Map<number, (number | null)[]>();
  for (const r of records) {
    if (!stateIndex.has(r.stateId)) {
      const st = store.getState(r.stateId);
      if (st.observation === null)
        throw new Error(`store state ${r.stateId}: field observation: expected inline observation bytes, found null`);
      stateIndex.set(r.stateId, states.length);
      const obs = decodeObservation(st.observation);
      observations.push(obs);
      states.push(obs.points);
      stateIds.push(r.stateId);
    }
    if (!returns.has(r.queryId)) {
      const outs = store.outcomesFor(r.queryId);
      const arr: (number | null)[] = [];
      for (const o of outs) arr[o.candidate] = o.return;
      returns.set(r.queryId, arr);
    }
  }
  const clean = Float32Array.from(records, (r) => {
    const ret = returns.get(r.queryId)!;
    const a = ret[r.i],
      b = ret[r.j];
    if (a == null || b == null) return NaN;
    return a > b ? 1 : a < b ? 0 : 0.5;
  });
  const origins = new Float32Array(states.length * 3);
  observations.forEach((o, s) => origins.set(worldOrigin(o), 3 * s));
  const data = makePairData(
    states,
    records.map((r) => ({ state: stateIndex.get(r.stateId)!, a: r.a, b: r.b, y: r.y })),
    origins,
  );
  return { data, observations, stateIds, clean, records };
}
