/**
 * `npm run quality -- implicit-sweep [flags]`: the sweep that chose the implicit Diffusion-DPO
 * reward's defaults (issue 12 item 3). Training labels: `--queries N` (default 200) rankings over
 * K = 8 push-T policy candidates from `--teacher SPEC` (default the oracle ranking with
 * equalWithin=0.02), scene seeds from `--data-seed S` (default 0, 4 queries a seed; 200 queries use
 * seeds S…S+49), `--expert` adds the scripted expert as a ninth outcome. Test labels: 120 oracle
 * pairs on scene seeds 1000…1029 (`--test-queries N` for fewer), disjoint from training. Stores
 * are cached under `--cache DIR` (default /tmp/prefsim-implicit-sweep) so each config reuses the
 * same data.
 * `--configs "k=v,...;k=v,..."` lists the configs (implicit-config keys); `--seeds 0,1,2` the
 * training seeds of each; `--score-t 0.1,1` also reads each trained model over those scoring
 * ranges t < f·T (`byScoringRange`); `--save DIR` writes each trained model there (for
 * `quality -- reward --load-implicit FILE`). Prints one row per config: held-out pair accuracy, mean over seeds
 * with a 95 % t interval, and per seed the accuracy, the Wilson 95 % interval on its n pairs, the
 * epoch early stopping kept and the seconds.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { collectRun, openCollectPolicy } from '../reward/collect/index.ts';
import {
  evaluateOnStore,
  implicitPairs,
  pairsFromStore,
  trainImplicit,
  type ImplicitConfigInput,
} from '../reward/models/index.ts';
import { selectorByName } from '../reward/selection/index.ts';
import { openStore, type PreferenceStore } from '../reward/store/index.ts';
import { parseTeacherSpec, resolveTeacher } from '../reward/teachers/index.ts';
import { defaultPolicyPath } from '../policy/index.ts';
import { initPhysics } from '../sim/index.ts';

const log = (s: string) => process.stderr.write(`quality implicit-sweep: ${s}\n`);

/** Two-sided 97.5 % Student t quantiles for 1…10 degrees of freedom. */
const T975 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

/** Mean and 95 % t half-width of `xs`. */
export function meanCi(xs: number[]): { mean: number; half: number; n: number } {
  const n = xs.length,
    m = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean: m, half: NaN, n };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (n - 1));
  return { mean: m, half: ((T975[Math.min(n - 1, 10)] ?? 1.96) * sd) / Math.sqrt(n), n };
}

/** Wilson 95 % interval of k successes in n. */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [NaN, NaN];
  const z = 1.96,
    p = k / n,
    d = 1 + (z * z) / n,
    c = (p + (z * z) / (2 * n)) / d,
    h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [c - h, c + h];
}

async function cachedStore(path: string, fill: (s: PreferenceStore) => Promise<unknown>): Promise<PreferenceStore> {
  if (!existsSync(path)) {
    // Filled under a temporary name and renamed when complete: a run cut short leaves no half store.
    const tmp = `${path}.partial`;
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
    const store = openStore(tmp);
    try {
      await fill(store);
    } finally {
      store.close();
    }
    renameSync(tmp, path);
  }
  return openStore(path);
}

/** Scene seed of each state index (pairs `stateOf`, their store state ids `ids`); −1 − s when a state has no pair. */
export function episodesOf(store: PreferenceStore, ids: number[], stateOf: Int32Array, states: number): Int32Array {
  const out = Int32Array.from({ length: states }, (_, s) => -1 - s);
  const seen = new Set<number>();
  ids.forEach((id, i) => {
    if (seen.has(stateOf[i])) return;
    seen.add(stateOf[i]);
    out[stateOf[i]] = store.getState(id).seed;
  });
  return out;
}

export default async function (args: string[]): Promise<unknown> {
  const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const task = flag('--task') ?? 'push-T';
  const queries = Number(flag('--queries') ?? 200),
    dataSeed = Number(flag('--data-seed') ?? 0),
    testQueries = Number(flag('--test-queries') ?? 120);
  const teacherSpec = flag('--teacher') ?? 'ranking:equalWithin=0.02';
  const expert = args.includes('--expert');
  const cache = flag('--cache') ?? '/tmp/prefsim-implicit-sweep';
  const configs = (flag('--configs') ?? '')
    .split(';')
    .map((c) => (c.trim() ? parseTeacherSpec(`x:${c.trim()}`).overrides : {})) as ImplicitConfigInput[];
  const seeds = (flag('--seeds') ?? '0').split(',').map(Number);
  const scoreT = flag('--score-t')?.split(',').map(Number) ?? [];
  const saveDir = flag('--save');
  await initPhysics();
  mkdirSync(cache, { recursive: true });
  const candidates = await openCollectPolicy(task, 'default');
  const teacher = await resolveTeacher(teacherSpec),
    oracle = await resolveTeacher('oracle');
  const key =
    `${task}-${teacherSpec.replace(/[^a-zA-Z0-9.=]/g, '_')}-q${queries}-s${dataSeed}` + `${expert ? '-expert' : ''}`;
  let train: PreferenceStore | undefined, test: PreferenceStore | undefined;
  try {
    log(`data ${key}`);
    train = await cachedStore(join(cache, `${key}.db`), (s) =>
      collectRun({ store: s, teacher, selector: selectorByName('uniform') }, candidates.policyFor, {
        task,
        queries,
        seed: dataSeed,
        expert,
      }),
    );
    test = await cachedStore(join(cache, `${task}-oracle-test-1000-q${testQueries}.db`), (s) =>
      collectRun({ store: s, teacher: oracle, selector: selectorByName('uniform') }, candidates.policyFor, {
        task,
        queries: testQueries,
        seed: 1000,
      }),
    );
    const { data, observations, records } = pairsFromStore(train, task);
    const groupOf = episodesOf(
      train,
      records.map((r) => r.stateId),
      data.stateOf,
      observations.length,
    );
    const pairs = implicitPairs(observations, data, groupOf);
    const expertQueries = train.queriesFor(task).filter((q) => q.expert !== null).length;
    const rows = [];
    for (const config of configs) {
      const runs = [];
      for (const seed of seeds) {
        const t0 = performance.now();
        const r = await trainImplicit(pairs, defaultPolicyPath(task), { ...config, seed });
        const seconds = (performance.now() - t0) / 1000;
        try {
          const ev = await evaluateOnStore(r.model, test, task, 1);
          const k = Math.round(ev.returnAccuracy.value * ev.returnAccuracy.n);
          // The same trained model read over other scoring ranges (`--score-t`): no retraining.
          const byScoringRange: Record<string, number> = {};
          for (const f of scoreT)
            byScoringRange[f] = (await evaluateOnStore(r.model.withScoring(f), test, task, 1)).returnAccuracy.value;
          const saved = saveDir ? join(saveDir, `implicit-${task}-${configs.indexOf(config)}-seed${seed}.onnx`) : null;
          if (saved) {
            mkdirSync(saveDir!, { recursive: true });
            r.model.save(saved);
          }
          runs.push({
            seed,
            saved,
            accuracy: ev.returnAccuracy.value,
            pairs: ev.returnAccuracy.n,
            wilson95: wilson(k, ev.returnAccuracy.n),
            byScoringRange,
            withinQuerySpearman: ev.withinQuerySpearman,
            bestEpoch: r.bestEpoch,
            epochs: r.epochLosses.length,
            valLoss: r.valLosses[r.bestEpoch - 1] ?? null,
            seconds,
          });
          log(`${JSON.stringify(config)} seed ${seed}: ${JSON.stringify(runs.at(-1))}`);
        } finally {
          await r.model.free();
        }
      }
      const acc = meanCi(runs.map((r) => r.accuracy));
      rows.push({
        config,
        accuracyMean: acc.mean,
        accuracyCi95: [acc.mean - acc.half, acc.mean + acc.half],
        seeds: acc.n,
        runs,
      });
    }
    return {
      task,
      teacher: teacherSpec,
      queries,
      dataSeed,
      expert,
      expertQueries,
      trainPairs: pairs.stateOf.length,
      testPairs: rows[0]?.runs[0]?.pairs,
      rows,
    };
  } finally {
    train?.close();
    test?.close();
    await candidates.free();
  }
}
