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
import { evaluateOnStore, pairsFromStore, proportion, trainExplicit, type ExplicitConfigInput, type Proportion } from '../../reward/models/index.ts';
import { selectorByName } from '../../reward/selection/index.ts';
import { openStore } from '../../reward/store/index.ts';
import { teacherByName } from '../../reward/teachers/index.ts';

const TASK = 'push-T';
const TRAIN_LABELS = 200, TEST_LABELS = 120;
/** Two-sided 97.5 % Student t quantiles by degrees of freedom (1..9); 1.96 beyond. */
const T975 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262];

/** Mean and t 95 % interval over repetitions. */
function meanCi(xs: number[]): { mean: number; ci95: [number, number]; n: number } {
  const n = xs.length, m = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, n - 1));
  const h = (T975[n - 1] ?? 1.96) * sd / Math.sqrt(n);
  return { mean: m, ci95: [m - h, m + h], n };
}

/** All repetitions' pairs pooled into one proportion. */
function pooled(ps: Proportion[]): Proportion {
  const k = ps.reduce((a, p) => a + Math.round(p.value * p.n), 0), n = ps.reduce((a, p) => a + p.n, 0);
  return proportion(k, n);
}

export async function labelFigures(
  teacherSpec: string, reps: number, explicit: ExplicitConfigInput, candidatesIn: CollectPolicy | null, log: (s: string) => void,
) {
  const candidates = candidatesIn ?? (await openCollectPolicy(TASK, 'default'));
  const teacher = teacherByName(teacherSpec);
  const runs = [];
  try {
    for (let r = 0; r < reps; r++) {
      const train = openStore(':memory:'), test = openStore(':memory:');
      try {
        const stages = (s: typeof train) => ({ store: s, teacher, selector: selectorByName('uniform') });
        await collectRun(stages(train), candidates.policyFor, { task: TASK, queries: TRAIN_LABELS, seed: 20_000 + 1000 * r });
        await collectRun(stages(test), candidates.policyFor, { task: TASK, queries: TEST_LABELS, seed: 90_000 + 1000 * r });
        const { data } = pairsFromStore(train, TASK);
        const t0 = performance.now();
        const { model } = await trainExplicit(data, { seed: r, ...explicit });
        const trainSeconds = (performance.now() - t0) / 1000;
        try {
          const held = await evaluateOnStore(model, test, TASK, { fraction: 1 });
          const fit = await evaluateOnStore(model, train, TASK, { fraction: 1 });
          const run = {
            rep: r, trainPairs: data.y.length, trainSeconds,
            labelAccuracy: held.labelAccuracy, teacherAccuracy: held.teacherAccuracy, returnAccuracy: held.returnAccuracy,
            equalLabels: held.equalLabels, ece: held.ece, spearmanTeacher: held.spearmanTeacher, spearmanReturn: held.spearmanReturn,
            trainLabelAccuracy: fit.labelAccuracy, trainMinusHeldOut: fit.labelAccuracy.value - held.labelAccuracy.value,
            testEpisodes: held.episodes, warnings: held.warnings,
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
    task: TASK, teacher: teacherSpec, candidates: candidates.source, trainLabels: TRAIN_LABELS, testLabels: TEST_LABELS, reps,
    trainSeeds: runs.map((x) => [20_000 + 1000 * x.rep, 20_000 + 1000 * x.rep + TRAIN_LABELS / 4 - 1]),
    testSeeds: runs.map((x) => [90_000 + 1000 * x.rep, 90_000 + 1000 * x.rep + TEST_LABELS / 4 - 1]),
    config: explicit,
    labelAccuracy: { ...meanCi(runs.map((x) => x.labelAccuracy.value)), pooled: pooled(runs.map((x) => x.labelAccuracy)) },
    teacherAccuracy: teacherRuns.length ? { ...meanCi(teacherRuns.map((p) => p.value)), pooled: pooled(teacherRuns) } : null,
    returnAccuracy: { ...meanCi(runs.map((x) => x.returnAccuracy.value)), pooled: pooled(runs.map((x) => x.returnAccuracy)) },
    trainLabelAccuracy: meanCi(runs.map((x) => x.trainLabelAccuracy.value)),
    trainMinusHeldOut: meanCi(runs.map((x) => x.trainMinusHeldOut)),
    runs,
  };
}
