/**
 * Reward-model quality on held-out data (METHODS §9): preference accuracy against clean
 * targets, expected calibration error with the reliability diagram, and Spearman ρ between the
 * learned and the true reward over held-out (state, candidate) outcomes.
 */
import type { Action, Observation } from '../../sim/types.ts';
import type { PreferenceStore } from '../store/index.ts';
import { decodeObservation } from '../store/index.ts';
import { expectedCalibrationError, reliabilityDiagram, type ReliabilityBin } from './calibration.ts';
import { preferenceAccuracy, spearman } from './rank-metrics.ts';
import { sigmoid, type RewardModel } from './reward-model.ts';
import { isHeldOut } from './store-data.ts';

export interface RewardEvaluation {
  /** Held-out pairs with a decisive clean target. */
  pairs: number;
  /** Accuracy on clean targets (from the outcomes' true returns). */
  accuracy: number;
  /** Accuracy against the stored (possibly noisy) labels. */
  labelAccuracy: number;
  /** ECE of P(A ≻ B) against the clean targets, 10 bins, over both orientations of each pair. */
  ece: number;
  reliability: ReliabilityBin[];
  /** Spearman ρ between model score and true return over held-out outcomes. */
  spearman: number;
  outcomes: number;
  /**
   * Mean over held-out queries of Spearman ρ between model scores and true returns of that
   * query's candidates (queries with ≥ 3 distinct returns): ranking quality within a state,
   * which pairwise training targets, beside `spearman` across states. NaN when no query counts.
   */
  withinQuerySpearman: number;
  /** Queries counted in `withinQuerySpearman`. */
  withinQueries: number;
}

/**
 * Evaluates on the held-out states of `task` (`isHeldOut(stateId, fraction, seed)`); every query
 * of those states is scored once with all its candidates.
 */
export async function evaluateOnStore(model: RewardModel, store: PreferenceStore, task: string, fraction = 0.2, seed = 0): Promise<RewardEvaluation> {
  const p: number[] = [], clean: number[] = [], label: number[] = [];
  const scores: number[] = [], returns: number[] = [];
  const within: number[] = [];
  const queries = store.queriesFor(task).filter((q) => isHeldOut(q.stateId, fraction, seed));
  const pairsByQuery = new Map<number, { i: number; j: number; y: number }[]>();
  for (const r of store.trainingPairs(task)) {
    if (!isHeldOut(r.stateId, fraction, seed)) continue;
    let list = pairsByQuery.get(r.queryId);
    if (!list) pairsByQuery.set(r.queryId, (list = []));
    list.push({ i: r.i, j: r.j, y: r.y });
  }
  const obsCache = new Map<number, Observation>();
  for (const q of queries) {
    let obs = obsCache.get(q.stateId);
    if (!obs) {
      const st = store.getState(q.stateId);
      if (st.observation === null) continue;
      obsCache.set(q.stateId, (obs = decodeObservation(st.observation)));
    }
    const s = await model.score(obs, q.candidates as Action[]);
    const ret: (number | null)[] = [];
    const qs: number[] = [], qr: number[] = [];
    for (const o of store.outcomesFor(q.id)) {
      ret[o.candidate] = o.return;
      if (o.return !== null) { scores.push(s[o.candidate]); returns.push(o.return); qs.push(s[o.candidate]); qr.push(o.return); }
    }
    if (new Set(qr).size >= 3) within.push(spearman(qs, qr));
    for (const pr of pairsByQuery.get(q.id) ?? []) {
      const a = ret[pr.i], b = ret[pr.j];
      if (a == null || b == null || a === b) continue;
      p.push(sigmoid(s[pr.i] - s[pr.j]));
      clean.push(a > b ? 1 : 0);
      label.push(pr.y);
    }
  }
  return {
    pairs: p.length,
    accuracy: preferenceAccuracy(p, clean),
    labelAccuracy: preferenceAccuracy(p, label),
    ...calibration(p, clean),
    spearman: returns.length > 2 ? spearman(scores, returns) : NaN,
    outcomes: returns.length,
    withinQuerySpearman: within.length > 0 ? within.reduce((a, b) => a + b, 0) / within.length : NaN,
    withinQueries: within.length,
  };
}

/**
 * ECE and reliability bins over both orientations of every pair, (p, y) and (1 − p, 1 − y).
 * Pairs expanded from rankings always list the winner first, so one orientation alone would
 * put every observed frequency at 1 whatever the model predicts.
 */
function calibration(p: number[], y: number[]) {
  const pp = [...p, ...p.map((v) => 1 - v)], yy = [...y, ...y.map((v) => 1 - v)];
  return { ece: expectedCalibrationError(pp, yy), reliability: reliabilityDiagram(pp, yy) };
}
