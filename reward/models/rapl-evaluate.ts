/**
 * RAPL quality on the store's held-out episodes (split.ts; METHODS §9): Spearman ρ between the total OT
 * reward and the true return over recorded outcomes, and how often the reward orders the pairs
 * of held-out ordered triplets as the labels do.
 */
import { getTask } from '../../sim/index.ts';
import type { PreferenceStore } from '../store/index.ts';
import type { RaplRewardModel } from './rapl-model.ts';
import { storedTrajectory } from './rapl-store.ts';
import { spearman } from './rank-metrics.ts';
import { episodeSplit, HELD_OUT_FRACTION } from './split.ts';

export interface RaplEvaluation {
  /** Spearman ρ of total reward vs true return over held-out recorded outcomes (NaN below 3). */
  spearman: number;
  outcomes: number;
  /** Fraction of the 3 pairs of each held-out ordered triplet the reward orders as labelled (NaN without any). */
  tripletPairAccuracy: number;
  tripletPairs: number;
}

export async function evaluateRaplOnStore(
  model: RaplRewardModel,
  store: PreferenceStore,
  task: string,
  fraction = HELD_OUT_FRACTION,
): Promise<RaplEvaluation> {
  const split = episodeSplit(store, task, fraction);
  const scale = getTask(task).obsScale;
  const cfg = model.config;
  const totals = new Map<string, number>();
  const total = async (queryId: number, c: number) => {
    const key = `${queryId}:${c}`;
    let v = totals.get(key);
    if (v === undefined) {
      const { traj } = storedTrajectory(store, queryId, c, cfg.rewardFrames, cfg, scale, queryId * 10 + c);
      totals.set(key, (v = (await model.rewardOf(traj)).total));
    }
    return v;
  };
  const r: number[] = [],
    ret: number[] = [];
  for (const q of store.queriesFor(task)) {
    if (!split.isHeldOut(q.stateId)) continue;
    for (const o of store.outcomesFor(q.id)) {
      if (o.framesRef === null || o.return === null) continue;
      r.push(await total(q.id, o.candidate));
      ret.push(o.return);
    }
  }
  let right = 0,
    pairs = 0;
  for (const t of store.trainingTriplets(task)) {
    if (t.y !== 1 || !split.isHeldOut(t.stateId)) continue;
    const [p, n, g] = [await total(t.queryId, t.pos), await total(t.queryId, t.neu), await total(t.queryId, t.neg)];
    right += Number(p > n) + Number(p > g) + Number(n > g);
    pairs += 3;
  }
  return {
    spearman: r.length > 2 ? spearman(r, ret) : NaN,
    outcomes: r.length,
    tripletPairAccuracy: pairs > 0 ? right / pairs : NaN,
    tripletPairs: pairs,
  };
}
