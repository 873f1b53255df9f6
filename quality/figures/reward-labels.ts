/**
 * Figure of quality/reward.ts (kept out of quality/ itself, whose files are run names).
 * `npm run quality -- reward --only labels [--label-teacher SPEC] [--label-seeds N]`: issue 12's
 * explicit-model rows on push-T, measured as the annotator would read them.
 * Per repetition r (default 3): 200 training labels of the teacher on scene seeds 20 000 + 1000 r
 * (50 episodes), and a test store of 120 labels of the same teacher on seeds 90 000 + 1000 r
 * (30 episodes, disjoint from every training seed); the explicit model trained on all training
 * labels is evaluated on every test state (`evaluateOnStore`, fraction 1): labelAccuracy,
 * teacherAccuracy, returnAccuracy, each with n and a Wilson 95 % interval, and the train
 * labelAccuracy beside it. The summary gives the mean over repetitions with a t 95 % interval and
 * the Wilson interval of all test pairs pooled.
 */
import { collectRun, openCollectPolicy, type CollectPolicy } from '../../reward/collect/index.ts';
import {
  evaluateOnStore,
  pairsFromStore,
  proportion,
  sigmoid,
  trainExplicit,
  type ExplicitConfigInput,
  type Proportion,
  type RewardModel,
} from '../../reward/models/index.ts';
import type { PreferenceStore } from '../../reward/store/index.ts';
import { selectorByName } from '../../reward/selection/index.ts';
import { openStore } from '../../reward/store/index.ts';
import { teacherByName } from '../../reward/teachers/index.ts';

/** The task the label figures are measured on. */
export const TASK = 'push-T';
const TRAIN_LABELS = 200,
  TEST_LABELS = 120;
/** Two-sided 97.5 % Student t quantiles by degrees of freedom (1..9); 1.96 beyond. */
const T975 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262];

/** Mean and t 95 % interval over repetitions. */
function meanCi(xs: number[]): { mean: number; ci95: [number, number]; n: number } {
  const n = xs.length,
    m = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, n - 1));
  const h = ((T975[n - 1] ?? 1.96) * sd) / Math.sqrt(n);
  return { mean: m, ci95: [m - h, m + h], n };
}

/** All repetitions' pairs pooled into one proportion. */
function pooled(ps: Proportion[]): Proportion {
  const k = ps.reduce((a, p) => a + (p.n ? Math.round(p.value * p.n) : 0), 0),
    n = ps.reduce((a, p) => a + p.n, 0);
  return proportion(k, n);
}

/** One repetition's figures. */
interface RepResult {
  rep: number;
  trainPairs: number;
  trainSeconds: number;
  labelAccuracy: Proportion;
  teacherAccuracy: Proportion | null;
  returnAccuracy: Proportion;
  equalLabels: number;
  ece: number;
  spearmanTeacher: unknown;
  spearmanReturn: unknown;
  trainLabelAccuracy: Proportion;
  trainMinusHeldOut: number;
  testEpisodes: number;
  byReturnGap: { band: string; labelAccuracy: Proportion }[];
  warnings: string[];
}

/** |ΔR| bands of the test pairs (return units): how much of the shortfall is near-tied pairs. */
const BANDS = [0, 0.01, 0.05, Infinity];

/**
 * labelAccuracy split by the true |ΔR| of each decisive test pair: a pair whose candidates differ
 * by under 0.01 in return is close to a coin flip for any reward.
 */
export async function byReturnGap(
  model: RewardModel,
  test: PreferenceStore,
): Promise<{ band: string; labelAccuracy: Proportion }[]> {
  const { data, observations, records } = pairsFromStore(test, TASK);
  const hits = BANDS.slice(1).map(() => [0, 0]);
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (r.y === 0.5) continue;
    const outs = test.outcomesFor(r.queryId);
    const ra = outs.find((o) => o.candidate === r.i)?.return,
      rb = outs.find((o) => o.candidate === r.j)?.return;
    if (ra == null || rb == null) continue;
    const gap = Math.abs(ra - rb);
    const b = BANDS.findIndex((lo, k) => gap >= lo && gap < BANDS[k + 1]);
    const s = await model.score(observations[data.stateOf[i]], [r.a, r.b]);
    const p = sigmoid(s[0] - s[1]);
    hits[b][1]++;
    if ((p > 0.5 && r.y === 1) || (p < 0.5 && r.y === 0)) hits[b][0]++;
  }
  return hits.map(([k, n], b) => ({ band: `|ΔR| in [${BANDS[b]}, ${BANDS[b + 1]})`, labelAccuracy: proportion(k, n) }));
}

export async function labelFigures(
  teacherSpec: string,
  reps: number,
  explicit: ExplicitConfigInput,
  candidatesIn: CollectPolicy | null,
  log: (s: string) => void,
) {
  const candidates = candidatesIn ?? (await openCollectPolicy(TASK, 'default'));
  const teacher = teacherByName(teacherSpec);
  const runs: RepResult[] = [];
  try {
    for (let r = 0; r < reps; r++) {
      const train = openStore(':memory:'),
        test = openStore(':memory:');
      try {
        const stages = (s: typeof train) => ({ store: s, teacher, selector: selectorByName('uniform') });
        await collectRun(stages(train), candidates.policyFor, {
          task: TASK,
          queries: TRAIN_LABELS,
          seed: 20_000 + 1000 * r,
        });
        await collectRun(stages(test), candidates.policyFor, {
          task: TASK,
          queries: TEST_LABELS,
          seed: 90_000 + 1000 * r,
        });
        const { data } = pairsFromStore(train, TASK);
        const t0 = performance.now();
        const { model } = await trainExplicit(data, { seed: r, ...explicit });
        const trainSeconds = (performance.now() - t0) / 1000;
        try {
          const held = await evaluateOnStore(model, test, TASK, { fraction: 1 });
          const fit = await evaluateOnStore(model, train, TASK, { fraction: 1 });
          const run: RepResult = {
            rep: r,
            trainPairs: data.y.length,
            trainSeconds,
            labelAccuracy: held.labelAccuracy,
            teacherAccuracy: held.teacherAccuracy,
            returnAccuracy: held.returnAccuracy,
            equalLabels: held.equalLabels,
            ece: held.ece,
            spearmanTeacher: held.spearmanTeacher,
            spearmanReturn: held.spearmanReturn,
            trainLabelAccuracy: fit.labelAccuracy,
            trainMinusHeldOut: fit.labelAccuracy.value - held.labelAccuracy.value,
            testEpisodes: held.episodes,
            byReturnGap: await byReturnGap(model, test),
            warnings: held.warnings,
          };
          log(`labels ${teacherSpec} rep ${r}: ${JSON.stringify(run)}`);
          runs.push(run);
        } finally {
          await model.free();
        }
      } finally {
        train.close();
        test.close();
      }
    }
  } finally {
    if (candidates !== candidatesIn) await candidates.free();
  }
  const teacherRuns = runs.map((x) => x.teacherAccuracy).filter((p): p is Proportion => p !== null);
  return {
    task: TASK,
    teacher: teacherSpec,
    candidates: candidates.source,
    trainLabels: TRAIN_LABELS,
    testLabels: TEST_LABELS,
    reps,
    trainSeeds: runs.map((x) => [20_000 + 1000 * x.rep, 20_000 + 1000 * x.rep + TRAIN_LABELS / 4 - 1]),
    testSeeds: runs.map((x) => [90_000 + 1000 * x.rep, 90_000 + 1000 * x.rep + TEST_LABELS / 4 - 1]),
    config: explicit,
    labelAccuracy: {
      ...meanCi(runs.map((x) => x.labelAccuracy.value)),
      pooled: pooled(runs.map((x) => x.labelAccuracy)),
    },
    teacherAccuracy: teacherRuns.length
      ? { ...meanCi(teacherRuns.map((p) => p.value)), pooled: pooled(teacherRuns) }
      : null,
    returnAccuracy: {
      ...meanCi(runs.map((x) => x.returnAccuracy.value)),
      pooled: pooled(runs.map((x) => x.returnAccuracy)),
    },
    trainLabelAccuracy: meanCi(runs.map((x) => x.trainLabelAccuracy.value)),
    trainMinusHeldOut: meanCi(runs.map((x) => x.trainMinusHeldOut)),
    byReturnGap:
      runs[0]?.byReturnGap.map((b, i) => ({
        band: b.band,
        labelAccuracy: pooled(runs.map((x) => x.byReturnGap[i].labelAccuracy)),
      })) ?? [],
    runs,
  };
}
