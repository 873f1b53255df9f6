/**
 * Reward-model quality (METHODS §9, issue 12): the one evaluation every trainer path reports
 * (`reward train`, `reward eval`, the loop, the viewer's live model), so a figure means the same
 * thing wherever it is read.
 *
 * - `labelAccuracy` (the headline): agreement with the stored labels — what the annotator said.
 * - `teacherAccuracy`: agreement with a synthetic teacher's noise-free preference (its stored
 *   score, without β noise or flips); null when no outcome carries a teacher score (people).
 * - `returnAccuracy`: agreement with the task return — a diagnostic: a style teacher or a person
 *   may prefer what the return ignores.
 * - ECE and the reliability diagram against the labels; Spearman ρ of the model's score against
 *   the teacher's score and against the return, over the evaluated outcomes.
 *
 * Counting: a pair agrees when the model strictly prefers the side the target prefers; a model
 * tie (P = ½) never agrees. Pairs labelled "equal" (y = ½) are left out of `labelAccuracy` (no
 * side is right) and counted in `equalLabels`; they do enter ECE, whose observed frequency is ½.
 * Pairs whose teacher scores (returns) are equal are left out of `teacherAccuracy`
 * (`returnAccuracy`). Every accuracy is a `Proportion`: value, n and a Wilson 95 % interval.
 */
import type { Action, Observation } from '../../sim/types.ts';
import type { PreferenceStore, TrainingPair } from '../store/index.ts';
import { decodeObservation } from '../store/index.ts';
import { expectedCalibrationError, reliabilityDiagram, type ReliabilityBin } from './calibration.ts';
import { spearman } from './rank-metrics.ts';
import { sigmoid, type RewardModel } from './reward-model.ts';
import { episodeSplit, HELD_OUT_FRACTION, MIN_TRUSTED_PAIRS } from './split.ts';
import { proportion, type Proportion } from './wilson.ts';

export interface EvaluateOptions {
  /**
   * Fraction of episodes (scene seeds) held out, as the trainers split (default
   * `HELD_OUT_FRACTION`). 1 evaluates every state: a test store collected apart from training.
   */
  fraction?: number;
  /**
   * Also score the training side, for the train accuracy beside the held-out one (default true; none when fraction is
   * 1).
   */
  train?: boolean;
}

/** A Spearman ρ and the outcomes behind it (NaN under 3). */
export interface RankCorrelation {
  rho: number;
  outcomes: number;
}

export interface RewardEvaluation {
  /** 'held-out': the held-out episodes of the split; 'all': every state of the store. */
  split: 'held-out' | 'all';
  fraction: number;
  /** Distinct scene seeds, states and queries evaluated. */
  episodes: number;
  states: number;
  queries: number;
  /** Agreement with the stored labels (decisive labels only): the headline figure. */
  labelAccuracy: Proportion;
  /** Evaluated pairs labelled equal (y = ½), not in `labelAccuracy`. */
  equalLabels: number;
  /** Agreement with the teacher's noise-free preference, or null when no outcome has a teacher score. */
  teacherAccuracy: Proportion | null;
  /** Agreement with the task return: a diagnostic, not what the annotator asked for. */
  returnAccuracy: Proportion;
  /** ECE of P(A ≻ B) against the labels, 10 bins, over both orientations of each pair. */
  ece: number;
  reliability: ReliabilityBin[];
  /** Model score against the teacher's score, over evaluated outcomes that have one. */
  spearmanTeacher: RankCorrelation;
  /** Model score against the task return, over evaluated outcomes that have one. */
  spearmanReturn: RankCorrelation;
  /**
   * Mean over evaluated queries of Spearman ρ between model scores and returns of that query's
   * candidates (queries with ≥ 3 distinct returns): ranking within a state. NaN when none counts.
   */
  withinQuerySpearman: number;
  withinQueries: number;
  /** Label accuracy on the training side of the split (null when not asked or fraction is 1). */
  trainLabelAccuracy: Proportion | null;
  /** Train minus held-out label accuracy (NaN when either is undefined). */
  trainMinusHeldOut: number;
  /** Figures that stand on fewer than `MIN_TRUSTED_PAIRS` pairs, in words; cli prints them. */
  warnings: string[];
}

/** Per-side tallies. */
interface Tally {
  label: [number, number];
  teacher: [number, number];
  ret: [number, number];
  equal: number;
  p: number[];
  y: number[];
  modelTeacher: [number[], number[]];
  modelReturn: [number[], number[]];
  within: number[];
  seeds: Set<number>;
  states: Set<number>;
  queries: number;
  teacherSeen: boolean;
}

const newTally = (): Tally => ({
  label: [0, 0],
  teacher: [0, 0],
  ret: [0, 0],
  equal: 0,
  p: [],
  y: [],
  modelTeacher: [[], []],
  modelReturn: [[], []],
  within: [],
  seeds: new Set(),
  states: new Set(),
  queries: 0,
  teacherSeen: false,
});

/** Adds one pair's agreement to [agree, n] when the target is decisive. */
function count(t: [number, number], p: number, target: number | null | undefined): void {
  if (target == null) return;
  t[1]++;
  if ((p > 0.5 && target === 1) || (p < 0.5 && target === 0)) t[0]++;
}

const side = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a == null || b == null || a === b ? null : a > b ? 1 : 0;

/** Scores every query of the states `keep` accepts (once each) and tallies its pairs. */
async function tallySide(
  model: RewardModel,
  store: PreferenceStore,
  task: string,
  keep: (stateId: number) => boolean,
  seeds: Map<number, number>,
  pairs: TrainingPair[],
  withOutcomes: boolean,
): Promise<Tally> {
  const t = newTally();
  const byQuery = new Map<number, TrainingPair[]>();
  for (const r of pairs) {
    if (!keep(r.stateId)) continue;
    let list = byQuery.get(r.queryId);
    if (!list) byQuery.set(r.queryId, (list = []));
    list.push(r);
  }
  const obsCache = new Map<number, Observation | null>();
  for (const q of store.queriesFor(task)) {
    if (!keep(q.stateId)) continue;
    const qPairs = byQuery.get(q.id) ?? [];
    if (qPairs.length === 0 && !withOutcomes) continue;
    let obs = obsCache.get(q.stateId);
    if (obs === undefined) {
      const st = store.getState(q.stateId);
      obsCache.set(q.stateId, (obs = st.observation === null ? null : decodeObservation(st.observation)));
    }
    if (obs === null) continue;
    const s = await model.score(obs, q.candidates as Action[]);
    t.queries++;
    t.states.add(q.stateId);
    t.seeds.add(seeds.get(q.stateId)!);
    const ret: (number | null)[] = [],
      ts: (number | null)[] = [];
    const qs: number[] = [],
      qr: number[] = [];
    for (const o of store.outcomesFor(q.id)) {
      ret[o.candidate] = o.return;
      ts[o.candidate] = o.teacherScore;
      if (!withOutcomes) continue;
      if (o.return !== null) {
        t.modelReturn[0].push(s[o.candidate]);
        t.modelReturn[1].push(o.return);
        qs.push(s[o.candidate]);
        qr.push(o.return);
      }
      if (o.teacherScore !== null) {
        t.teacherSeen = true;
        t.modelTeacher[0].push(s[o.candidate]);
        t.modelTeacher[1].push(o.teacherScore);
      }
    }
    if (new Set(qr).size >= 3) t.within.push(spearman(qs, qr));
    for (const pr of qPairs) {
      const p = sigmoid(s[pr.i] - s[pr.j]);
      t.p.push(p);
      t.y.push(pr.y);
      if (pr.y === 0.5) t.equal++;
      else count(t.label, p, pr.y);
      if (ts[pr.i] != null && ts[pr.j] != null) t.teacherSeen = true;
      count(t.teacher, p, side(ts[pr.i], ts[pr.j]));
      count(t.ret, p, side(ret[pr.i], ret[pr.j]));
    }
  }
  return t;
}

const rank = ([u, v]: [number[], number[]]): RankCorrelation => ({
  rho: u.length > 2 ? spearman(u, v) : NaN,
  outcomes: u.length,
});

/**
 * Evaluates `model` on `task`'s states in `store`: the held-out episodes of the trainers' split
 * (`opts.fraction`, default `HELD_OUT_FRACTION`; a bare number is that fraction), or every state
 * with fraction 1. See the file comment for what each figure counts.
 */
export async function evaluateOnStore(
  model: RewardModel,
  store: PreferenceStore,
  task: string,
  opts: EvaluateOptions | number = {},
): Promise<RewardEvaluation> {
  const o = typeof opts === 'number' ? { fraction: opts } : opts;
  const fraction = o.fraction ?? HELD_OUT_FRACTION;
  const split = episodeSplit(store, task, fraction);
  const seeds = store.stateSeeds(task);
  const pairs = store.trainingPairs(task);
  const held = await tallySide(model, store, task, (id) => split.isHeldOut(id), seeds, pairs, true);
  const train =
    fraction < 1 && (o.train ?? true)
      ? await tallySide(model, store, task, (id) => !split.isHeldOut(id), seeds, pairs, false)
      : null;
  const labelAccuracy = proportion(...held.label);
  const trainLabelAccuracy = train ? proportion(...train.label) : null;
  const teacherAccuracy = held.teacherSeen ? proportion(...held.teacher) : null;
  const returnAccuracy = proportion(...held.ret);
  const where = fraction >= 1 ? 'evaluated' : 'held-out';
  const warnings: string[] = [];
  for (const [name, p] of [
    ['labelAccuracy', labelAccuracy],
    ['teacherAccuracy', teacherAccuracy],
    ['returnAccuracy', returnAccuracy],
  ] as const) {
    if (p !== null && p.n < MIN_TRUSTED_PAIRS) {
      warnings.push(
        `${name} stands on ${p.n} ${where} pairs (fewer than ${MIN_TRUSTED_PAIRS}): treat it as a rough guide, ` +
          `its 95 % interval is [${fmt(p.ci95[0])}, ${fmt(p.ci95[1])}]`,
      );
    }
  }
  return {
    split: fraction >= 1 ? 'all' : 'held-out',
    fraction,
    episodes: held.seeds.size,
    states: held.states.size,
    queries: held.queries,
    labelAccuracy,
    equalLabels: held.equal,
    teacherAccuracy,
    returnAccuracy,
    ...calibration(held.p, held.y),
    spearmanTeacher: rank(held.modelTeacher),
    spearmanReturn: rank(held.modelReturn),
    withinQuerySpearman: held.within.length > 0 ? held.within.reduce((a, b) => a + b, 0) / held.within.length : NaN,
    withinQueries: held.within.length,
    trainLabelAccuracy,
    trainMinusHeldOut: trainLabelAccuracy ? trainLabelAccuracy.value - labelAccuracy.value : NaN,
    warnings,
  };
}

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '—');

/**
 * ECE and reliability bins over both orientations of every pair, (p, y) and (1 − p, 1 − y).
 * Pairs expanded from rankings always list the winner first, so one orientation alone would
 * put every observed frequency at 1 whatever the model predicts.
 */
function calibration(p: number[], y: number[]) {
  const pp = [...p, ...p.map((v) => 1 - v)],
    yy = [...y, ...y.map((v) => 1 - v)];
  return { ece: expectedCalibrationError(pp, yy), reliability: reliabilityDiagram(pp, yy) };
}
