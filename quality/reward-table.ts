/**
 * `npm run quality -- reward-table [--small] [--cache DIR] [--ras-tasks push-T,granular-T]`: issue
 * 12's whole quality table in one run, each row with its target and whether it is met.
 * - Explicit rows, the learning curve, pretraining and train − held-out: `reward-pretrain` with the
 *   oracle (sizes 50…800) and with the avoid-region style teacher (sizes 200…800), 3 repetitions.
 * - Implicit: `implicit-sweep` on three independent data sets (scene seeds 50 000, 52 000, 54 000,
 *   apart from the evaluation seeds and the test pairs on 1000…1029).
 * - RAS with the implicit reward against SL: the first data set's model per task, `prefsim eval`'s
 *   sl and implicit methods on seeds 0…19, paired by seed (the training scenes are never among them).
 * `--small` shrinks every count to a smoke run (for the test); its figures mean nothing. Every part
 * caches under `--cache` (default out/reward-table), so a run cut short resumes.
 */
import { join } from 'node:path';
import { makeLocalPool, meanCI, runEvaluation } from '../pipeline/eval/index.ts';
import implicitSweep, { meanCi } from './implicit-sweep.ts';
import rewardPretrain from './reward-pretrain.ts';

const log = (s: string) => process.stderr.write(`quality reward-table: ${s}\n`);
const DATA_SEEDS = [50_000, 52_000, 54_000];
/** The task of the implicit accuracy rows (issue 12 measures them on push-T). */
const IMPLICIT_TASK = 'push-T';

interface Interval {
  mean: number;
  ci95: [number, number];
  n: number;
}
interface CurvePoint {
  labels: number;
  labelAccuracy: Interval;
  testPairs: number[];
  trainMinusHeldOut: Interval;
}
interface PretrainResult {
  plain: CurvePoint[];
  pretrained?: CurvePoint[];
  labelsTo080: { plain: number | null; pretrained?: number | null };
}
interface SweepRun {
  saved: string | null;
  accuracy: number;
  pairs: number;
}
interface SweepResult {
  rows: { runs: SweepRun[] }[];
}

export interface TableRow {
  measure: string;
  value: number | null;
  ci95: [number, number] | null;
  /** What stands behind the figure (repetitions, pairs, seeds). */
  n: string;
  target: string;
  met: boolean | null;
}

/** Mean over repetitions with its t 95 % interval, in the curve's shape. */
function meanT(xs: number[]): Interval {
  const { mean, half, n } = meanCi(xs);
  return { mean, ci95: [mean - half, mean + half], n };
}

const at = (curve: CurvePoint[], labels: number) => curve.find((p) => p.labels === labels) ?? curve.at(-1)!;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** RAS with `reward` against SL on seeds 0…seeds−1, paired by seed. */
async function rasMinusSl(task: string, reward: string, seeds: number, steps: number | undefined) {
  const pool = makeLocalPool(0);
  try {
    const r = await runEvaluation({ task, methods: ['sl', 'implicit'], seeds, steps, models: { reward } }, pool);
    const final = (m: string, s: number) => r.results.find((x) => x.method === m && x.seed === s)!.final;
    const d = r.seeds.map((s) => final('implicit', s) - final('sl', s));
    return { ...meanCI(d), better: d.filter((x) => x > 0).length };
  } finally {
    await pool.close();
  }
}

export default async function (args: string[]): Promise<unknown> {
  const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const small = args.includes('--small');
  const cache = flag('--cache') ?? 'out/reward-table';
  const rasTasks = (flag('--ras-tasks') ?? 'push-T,granular-T').split(',');
  const big = small ? 20 : 200;
  const pre = (teacher: string, sizes: string) => [
    ...['--teacher', teacher, '--sizes', sizes, '--cache', join(cache, 'pretrain')],
    ...(small
      ? ['--reps', '2', '--train-labels', '20', '--test-labels', '8', '--rollouts', '2', '--pretrain-epochs', '1']
      : []),
    ...(small ? ['--explicit', 'epochs=2'] : ['--train-labels', '800']),
  ];
  log('explicit, oracle labels: the learning curve with and without pretraining');
  const oracle = (await rewardPretrain(pre('oracle', small ? '10,20' : '50,100,200,400,800'))) as PretrainResult;
  log('explicit, avoid-region style labels');
  const style = (await rewardPretrain(pre('avoid-region', small ? '20' : '200,400,800'))) as PretrainResult;
  const sweep = async (task: string, dataSeed: number) =>
    (await implicitSweep([
      ...['--task', task, '--data-seed', String(dataSeed), '--seeds', '0'],
      ...['--cache', join(cache, 'implicit'), '--save', join(cache, `implicit-${task}-${dataSeed}`)],
      ...(small ? ['--queries', '4', '--test-queries', '4', '--configs', 'epochs=1,draws=2'] : []),
    ])) as SweepResult;
  log('implicit, three independent data sets');
  const implicitRuns: SweepRun[] = [];
  for (const s of small ? DATA_SEEDS.slice(0, 2) : DATA_SEEDS)
    implicitRuns.push((await sweep(IMPLICIT_TASK, s)).rows[0].runs[0]);
  const trained = new Map([[IMPLICIT_TASK, implicitRuns[0]]]);
  const ras: Record<string, Awaited<ReturnType<typeof rasMinusSl>>> = {};
  for (const task of rasTasks) {
    log(`RAS with the implicit reward against SL on ${task}`);
    // The implicit rows' first model serves its own task; other tasks train one on the first data set.
    const run = trained.get(task) ?? (await sweep(task, DATA_SEEDS[0])).rows[0].runs[0];
    ras[task] = await rasMinusSl(task, run.saved!, small ? 2 : 20, small ? 2 : undefined);
  }

  const row = (measure: string, v: Interval, n: string, target: string, met: (x: number) => boolean): TableRow => ({
    measure,
    value: v.mean,
    ci95: v.ci95,
    n,
    target,
    met: Number.isFinite(v.mean) ? met(v.mean) : null,
  });
  const pairsAt = (c: CurvePoint[], labels: number) => `${sum(at(c, labels).testPairs)} test pairs`;
  const o200 = at(oracle.plain, big),
    s200 = at(style.plain, big);
  const imp = meanT(implicitRuns.map((r) => r.accuracy));
  const to080 = oracle.labelsTo080;
  const rows: TableRow[] = [
    row(
      `push-T explicit, ${big} oracle pairs, labelAccuracy`,
      o200.labelAccuracy,
      `${o200.labelAccuracy.n} reps, ${pairsAt(oracle.plain, big)}`,
      '≥ 0.85',
      (x) => x >= 0.85,
    ),
    row(
      `push-T explicit, ${big} avoid-region labels, labelAccuracy`,
      s200.labelAccuracy,
      `${s200.labelAccuracy.n} reps, ${pairsAt(style.plain, big)}`,
      '≥ 0.80',
      (x) => x >= 0.8,
    ),
    row(
      `push-T implicit, ${small ? 4 : 200} oracle rankings, labelAccuracy`,
      imp,
      `${imp.n} data sets, ${sum(implicitRuns.map((r) => r.pairs))} test pairs`,
      '≥ 0.75',
      (x) => x >= 0.75,
    ),
    ...Object.entries(ras).map(([task, d]) =>
      row(
        `RAS implicit − SL, ${task}, paired`,
        { mean: d.mean, ci95: [d.lo, d.hi], n: d.n },
        `${d.n} seeds, ${d.better} better`,
        'CI above 0',
        () => d.lo > 0,
      ),
    ),
    {
      measure: 'labels to 0.80 on push-T, pretrained / scratch',
      value: to080.plain !== null && to080.pretrained != null ? to080.pretrained / to080.plain : null,
      ci95: null,
      n: `scratch ${to080.plain ?? 'not reached'}, pretrained ${to080.pretrained ?? 'not reached'}`,
      target: '≤ 0.5',
      met: to080.plain !== null && to080.pretrained != null ? to080.pretrained / to080.plain <= 0.5 : null,
    },
    row(
      `train − held-out, explicit, ${big} pairs`,
      o200.trainMinusHeldOut,
      `${o200.trainMinusHeldOut.n} reps`,
      '≤ 0.10',
      (x) => x <= 0.1,
    ),
  ];
  const verdict = (r: TableRow) => (r.met === null ? '—' : r.met ? 'met' : 'missed');
  for (const r of rows) log(`${r.measure}: ${r.value?.toFixed(3) ?? '—'} (${r.n}); target ${r.target}: ${verdict(r)}`);
  return { quality: 'reward-table', small, rows, learningCurve: oracle, style, implicitRuns, ras };
}
