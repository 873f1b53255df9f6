/**
 * `npm run quality -- reward-pretrain [flags]`: issue 12's label-efficiency curve on push-T, the
 * explicit reward trained from scratch against the same reward whose encoder was first pretrained
 * on free rollouts (physics targets of reward/models/pretrain-rollouts.ts; no labels, no task
 * metric). Per repetition r (`--reps`, default 3): `--teacher SPEC` (default oracle) labels 200
 * training queries on scene seeds 20 000 + 1000 r and 120 test queries on seeds 90 000 + 1000 r
 * (disjoint; `--train-labels`, `--test-labels` shrink them for a smoke run); the first n training
 * labels (`--sizes`, default 25,50,100,200) train each model,
 * which is scored on every test state: labelAccuracy with n and Wilson 95 %, teacherAccuracy,
 * and at 200 labels train minus held-out. The pretraining rollouts are `--rollouts E` episodes
 * (default 48) × 4 states × 4 actions of push-T's default policy on seeds from 500 000, apart
 * from every labelled seed. Summary: mean over repetitions with a t 95 % interval per size, and
 * the labels each variant needs to reach 0.80 (linear interpolation of the mean curve).
 * Stores, the pretrained encoder and per-repetition results are cached in `--cache` (default
 * out/reward-pretrain), so a run cut short resumes; `--fresh` ignores the result cache.
 * `--explicit k=v,...` overrides the reward config (e.g. `ensemble=5`, `weightDecay=1e-2`) and
 * `--variants plain` trains only the from-scratch arm: a one-change sweep on the same stores.
 * Train accuracy (for train minus held-out) is on the n labels the model was trained on.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectRun, openCollectPolicy, type CollectPolicy } from '../reward/collect/index.ts';
import {
  evaluateOnStore,
  pairsFromStore,
  parseExplicitConfig,
  physicsRollouts,
  pretrainExplicitEncoder,
  proportion,
  readPretrainedEncoder,
  sigmoid,
  trainExplicit,
  type ExplicitConfigInput,
  type Proportion,
  type RewardModel,
  type StorePairs,
} from '../reward/models/index.ts';
import { selectorByName } from '../reward/selection/index.ts';
import { openStore, type PreferenceStore } from '../reward/store/index.ts';
import { parseTeacherSpec, teacherByName } from '../reward/teachers/index.ts';
import { initPhysics } from '../sim/index.ts';
import { byReturnGap } from './figures/reward-labels.ts';

const TASK = 'push-T';
const T975 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262];
const log = (s: string) => process.stderr.write(`quality reward-pretrain: ${s}\n`);

function meanCi(xs: number[]): { mean: number; ci95: [number, number]; n: number } {
  const n = xs.length,
    m = xs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, n - 1));
  const h = n > 1 ? ((T975[n - 1] ?? 1.96) * sd) / Math.sqrt(n) : NaN;
  return { mean: m, ci95: [m - h, m + h], n };
}

function flag(args: string[], name: string): string | undefined {
  return args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
}

/** A store of `queries` labels on seeds from `seed`, collected once into the cache. */
async function cachedStore(
  file: string,
  teacher: string,
  queries: number,
  seed: number,
  candidates: CollectPolicy,
): Promise<PreferenceStore> {
  if (!existsSync(file)) {
    // Collected under a temporary name and renamed when complete, so a run cut short never leaves half a store.
    const tmp = `${file}.partial`;
    rmSync(tmp, { force: true });
    const store = openStore(tmp);
    try {
      log(`collecting ${queries} ${teacher} labels on seeds from ${seed} into ${file}`);
      await collectRun(
        { store, teacher: teacherByName(teacher), selector: selectorByName('uniform') },
        candidates.policyFor,
        { task: TASK, queries, seed },
      );
    } finally {
      store.close();
    }
    renameSync(tmp, file);
  }
  return openStore(file);
}

/** labelAccuracy of `model` on exactly these pairs (ties, y = 0.5, are not counted). */
async function labelAccuracyOn(model: RewardModel, pairs: StorePairs): Promise<Proportion> {
  let right = 0,
    n = 0;
  for (let i = 0; i < pairs.records.length; i++) {
    const r = pairs.records[i];
    if (r.y === 0.5) continue;
    const s = await model.score(pairs.observations[pairs.data.stateOf[i]], [r.a, r.b]);
    const p = sigmoid(s[0] - s[1]);
    n++;
    if ((p > 0.5 && r.y === 1) || (p < 0.5 && r.y === 0)) right++;
  }
  return proportion(right, n);
}

/** Proportions pooled over repetitions. */
function pooledProportion(ps: Proportion[]): Proportion {
  return proportion(
    ps.reduce((a, p) => a + (p.n ? Math.round(p.value * p.n) : 0), 0),
    ps.reduce((a, p) => a + p.n, 0),
  );
}

/** Fewest labels at which the mean curve reaches `target` (linear between sizes), or null. */
function labelsToReach(sizes: number[], curve: number[], target: number): number | null {
  for (let k = 0; k < sizes.length; k++) {
    if (curve[k] >= target)
      return k === 0
        ? sizes[0]
        : sizes[k - 1] + ((sizes[k] - sizes[k - 1]) * (target - curve[k - 1])) / (curve[k] - curve[k - 1]);
  }
  return null;
}

interface Cell {
  labels: number;
  trainPairs: number;
  labelAccuracy: Proportion;
  teacherAccuracy: Proportion | null;
  trainLabelAccuracy: number;
  epochsUsed: number;
  /** At the largest size only: labelAccuracy by the test pair's true |ΔR| (near ties are coin flips for any reward). */
  byReturnGap?: { band: string; labelAccuracy: Proportion }[];
}

export default async function (args: string[]): Promise<unknown> {
  const reps = Number(flag(args, '--reps') ?? 3);
  const TRAIN_LABELS = Number(flag(args, '--train-labels') ?? 200),
    TEST_LABELS = Number(flag(args, '--test-labels') ?? 120);
  const sizes = (flag(args, '--sizes') ?? '25,50,100,200').split(',').map(Number);
  const teacher = flag(args, '--teacher') ?? 'oracle';
  const rolloutEpisodes = Number(flag(args, '--rollouts') ?? 48);
  const pretrainEpochs = Number(flag(args, '--pretrain-epochs') ?? 30);
  const cache = flag(args, '--cache') ?? 'out/reward-pretrain';
  const fresh = args.includes('--fresh');
  // `--variants plain`: skip the pretrained arm (a config sweep at one size needs only one).
  const variants = (flag(args, '--variants') ?? 'plain,pretrained').split(',');
  if (variants.some((v) => v !== 'plain' && v !== 'pretrained'))
    throw new Error(`--variants: expected plain and/or pretrained, found ${flag(args, '--variants')}`);
  if (!Number.isInteger(reps) || reps < 1)
    throw new Error(`--reps: expected a positive integer, found ${flag(args, '--reps')}`);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > TRAIN_LABELS))
    throw new Error(`--sizes: expected integers in [1, ${TRAIN_LABELS}], found ${flag(args, '--sizes')}`);
  mkdirSync(cache, { recursive: true });
  await initPhysics();
  // `--explicit k=v,...`: reward config overrides (a one-change sweep; part of every cache name).
  const explicitText = flag(args, '--explicit') ?? '';
  const explicit = parseTeacherSpec(`x:${explicitText}`).overrides as ExplicitConfigInput;
  const configTag = explicitText ? `-${explicitText.replace(/[^a-z0-9=.-]/gi, '_')}` : '';
  const candidates = await openCollectPolicy(TASK, 'default');
  try {
    // Pretraining: once, on free rollouts apart from every labelled seed.
    const preFile = join(cache, `encoder-${rolloutEpisodes}x4x4-e${pretrainEpochs}.onnx`);
    let pretrain: Record<string, unknown> = { file: preFile };
    if (!existsSync(preFile)) {
      const t0 = performance.now();
      const data = await physicsRollouts(TASK, candidates.policyFor, {
        episodes: rolloutEpisodes,
        steps: 4,
        actionsPerState: 4,
        seed: 500_000,
        onProgress: (d, t) => {
          if (d % 40 === 0) log(`rollouts ${d}/${t} states`);
        },
      });
      const rolloutSeconds = (performance.now() - t0) / 1000;
      const r = await pretrainExplicitEncoder(data, explicit, {
        epochs: pretrainEpochs,
        onProgress: (p) =>
          log(`pretrain epoch ${p.epoch}: loss ${p.loss.toFixed(4)} held-out ${p.heldOutLoss?.toFixed(4) ?? '—'}`),
      });
      writeFileSync(preFile, r.bytes);
      pretrain = {
        ...pretrain,
        transitions: r.transitions,
        heldOutTransitions: r.heldOutTransitions,
        rolloutSeconds,
        losses: r.losses,
        heldOutLosses: r.heldOutLosses,
      };
      writeFileSync(`${preFile}.json`, JSON.stringify(pretrain));
    } else if (existsSync(`${preFile}.json`))
      pretrain = JSON.parse(readFileSync(`${preFile}.json`, 'utf8')) as Record<string, unknown>;
    const encoder = readPretrainedEncoder(preFile, parseExplicitConfig(explicit));

    const runs: { rep: number; plain: Cell[]; pretrained: Cell[] }[] = [];
    for (let r = 0; r < reps; r++) {
      const resFile = join(
        cache,
        `rep-${teacher.replace(/[^a-z0-9=.-]/gi, '_')}-${r}-${sizes.join('_')}` +
          `-${rolloutEpisodes}-e${pretrainEpochs}${configTag}${variants.length === 1 ? `-${variants[0]}` : ''}.json`,
      );
      if (!fresh && existsSync(resFile)) {
        runs.push(JSON.parse(readFileSync(resFile, 'utf8')));
        continue;
      }
      const tag = teacher.replace(/[^a-z0-9=.-]/gi, '_');
      const train = await cachedStore(
        join(cache, `train-${tag}-${r}-${TRAIN_LABELS}.db`),
        teacher,
        TRAIN_LABELS,
        20_000 + 1000 * r,
        candidates,
      );
      const test = await cachedStore(
        join(cache, `test-${tag}-${r}-${TEST_LABELS}.db`),
        teacher,
        TEST_LABELS,
        90_000 + 1000 * r,
        candidates,
      );
      try {
        const labelIds = train.labelsFor(TASK).map((l) => l.id);
        const run = { rep: r, plain: [] as Cell[], pretrained: [] as Cell[] };
        for (const n of sizes) {
          const first = new Set(labelIds.slice(0, n));
          const trained = pairsFromStore(train, TASK, (p) => first.has(p.labelId));
          const { data, stateIds } = trained;
          const episodes = stateIds.map((id) => train.getState(id).seed);
          for (const variant of variants as ('plain' | 'pretrained')[]) {
            const t = await trainExplicit(
              data,
              { seed: r, ...explicit },
              { episodes, pretrained: variant === 'pretrained' ? encoder : null },
            );
            try {
              const held = await evaluateOnStore(t.model, test, TASK, { fraction: 1 });
              // Train accuracy on the n labels this model saw, not on the whole training store.
              const fit = await labelAccuracyOn(t.model, trained);
              const cell: Cell = {
                labels: n,
                trainPairs: data.y.length,
                labelAccuracy: held.labelAccuracy,
                teacherAccuracy: held.teacherAccuracy,
                trainLabelAccuracy: fit.value,
                epochsUsed: t.stopping[0].epochsUsed,
                ...(n === sizes[sizes.length - 1] ? { byReturnGap: await byReturnGap(t.model, test) } : {}),
              };
              run[variant].push(cell);
              log(
                `rep ${r} ${variant} ${n} labels: ` +
                  `labelAccuracy ${held.labelAccuracy.value.toFixed(3)} (n = ${held.labelAccuracy.n})`,
              );
            } finally {
              await t.model.free();
            }
          }
        }
        writeFileSync(resFile, JSON.stringify(run));
        runs.push(run);
      } finally {
        train.close();
        test.close();
      }
    }
    type Variant = 'plain' | 'pretrained';
    const ran = variants as Variant[];
    const perVariant = <T>(f: (v: Variant) => T) => Object.fromEntries(ran.map((v) => [v, f(v)]));
    const last = sizes.length - 1;
    const curve = (v: Variant) =>
      sizes.map((n, k) => ({
        labels: n,
        labelAccuracy: meanCi(runs.map((x) => x[v][k].labelAccuracy.value)),
        testPairs: runs.map((x) => x[v][k].labelAccuracy.n),
        trainMinusHeldOut: meanCi(runs.map((x) => x[v][k].trainLabelAccuracy - x[v][k].labelAccuracy.value)),
        epochsUsed: runs.map((x) => x[v][k].epochsUsed),
      }));
    const curves = perVariant(curve);
    const toReach = (v: Variant) =>
      labelsToReach(
        sizes,
        curves[v].map((x) => x.labelAccuracy.mean),
        0.8,
      );
    const both = ran.length === 2;
    const diff = both
      ? sizes.map((n, k) => ({
          labels: n,
          pretrainedMinusPlain: meanCi(
            runs.map((x) => x.pretrained[k].labelAccuracy.value - x.plain[k].labelAccuracy.value),
          ),
        }))
      : null;
    return {
      task: TASK,
      teacher,
      candidates: candidates.source,
      config: explicit,
      reps,
      sizes,
      trainSeeds: '20000+1000r ..',
      testSeeds: '90000+1000r ..',
      pretrain,
      ...curves,
      pretrainedMinusPlain: diff,
      labelsTo080: perVariant(toReach),
      trainMinusHeldOutAtMax: perVariant((v) => curves[v][last].trainMinusHeldOut),
      byReturnGapAtMax: ran.map((v) => ({
        variant: v,
        bands:
          runs[0]?.[v][last].byReturnGap?.map((b, i) => ({
            band: b.band,
            labelAccuracy: pooledProportion(runs.map((x) => x[v][last].byReturnGap![i].labelAccuracy)),
          })) ?? [],
      })),
      runs,
    };
  } finally {
    await candidates.free();
  }
}
