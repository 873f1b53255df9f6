/**
 * `npm run quality -- rapl [flags]`: RAPL (Tian et al., ICLR 2024) against a scalar reward, measured
 * with the paper's ingredients (issue 14):
 * - episodes of `--steps` (5) pushes of push-T's own policy from the task's start distribution;
 * - a keep-out zone the policy's episodes enter often (`BENCH_ZONE`, entry rate reported), so the
 *   teacher's score = final coverage − 1 if the pusher ever entered the zone;
 * - triplets from separated bins of that score, about half "equal" (`binnedTriplets`);
 * - demos = 6 episodes the teacher prefers (drawn from the best tenth of the training pool);
 * - the same 45 frames per episode in training and scoring; cost `--cost euclidean|cosine|both`.
 * Both rewards train on the same triplets with the same encoder family (PointNet + tool MLP); the
 * scalar is the paper's RLHF baseline (mean per-frame linear head, Bradley–Terry on the triplets'
 * pairs, target 0.5 on equal ones). On held-out episodes: Spearman ρ against the teacher's score,
 * AUC of zone entry (does the reward rank non-entering episodes above entering ones) and
 * task-progress ρ (against coverage, over the episodes that stay out of the zone). 75 and 150
 * triplets × `--seeds` seeds; mean with a 95 % t-interval over seeds.
 *
 * Episodes are cached in `--cache` (default out/rapl-bench) and so are per-seed results, so a long
 * measurement splits into runs: `--run-seeds 0,1` computes those seeds only; a later run with
 * `--seeds 3` aggregates what the cache holds. The last line is
 * `{"rapl":{"75":{"spearman":…,"ci":[…]},"150":{…}},"scalar":{…},…}`.
 * `--train-iters K` and `--loss-form log|linear` vary RAPL's training (reference code: Sinkhorn to
 * tolerance 1e-6, up to 1000 iterations; loss 1 − p) and cache under their own key; `--sizes
 * 38,75,150,300` gives a learning curve (its own triplet draw). `--validation 0.2` is the
 * reference's checkpoint rule: both rewards hold out the same fifth of the triplets and keep the
 * epoch of lowest validation loss.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRng } from '../core/rng.ts';
import { meanCI } from '../pipeline/eval/index.ts';
import { openCollectPolicy } from '../reward/collect/index.ts';
import {
  binnedTriplets,
  decodeTrajectory,
  encodeTrajectory,
  recordEpisode,
  spearman,
  trainRapl,
  trainScalarTrajectoryReward,
  trajectoryFromFrames,
  type OtCost,
  RaplConfigSchema,
  type RaplConfigInput,
  type Trajectory,
  type TrajectoryJson,
  type TrajectoryTriplet,
} from '../reward/models/index.ts';
import { insideZone, parseTeacherConfig, teacherScore } from '../reward/teachers/index.ts';
import { bodySlots, getTask, initPhysics, Scene, TOOL_BODIES, toolSlots } from '../sim/index.ts';
import { goalCoverage } from '../sim/tasks/push-t.ts';
import type { Action, Frame } from '../sim/types.ts';

const log = (s: string) => process.stderr.write(`quality rapl: ${s}\n`);

/** Where push-T's policy often pushes from (≈ 30 % of 5-push episodes in a 40-episode probe), away from the goal. */
export const BENCH_ZONE = { xMin: 0.15, xMax: 0.3, yMin: -0.15, yMax: 0, weight: 1 } as const;
// 16 points pin a rigid T block's pose; 48 made one 100-epoch training take ~8 min on this machine.
const FRAMES = 45,
  POINTS = 16,
  DEMOS = 6,
  SIZES = [75, 150];

interface PoolEpisode {
  traj: TrajectoryJson;
  score: number;
  coverage: number;
  entered: boolean;
  /** The teacher's score so far at each of the trajectory's frames (`frameTruth`). */
  truth: number[];
}

function flag(args: string[], name: string): string | undefined {
  return args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
}

function int(args: string[], name: string, dflt: number): number {
  const v = flag(args, name);
  const x = v === undefined ? dflt : Number(v);
  if (!Number.isInteger(x) || x < 0) throw new Error(`${name}: expected a non-negative integer, found ${v}`);
  return x;
}

/**
 * The teacher's score so far at each of `t` frames sampled as `trajectoryFromFrames` samples them:
 * the block's goal coverage then, − the zone's weight once the tool has entered it. The per-frame
 * truth of the reference's `compute_corr.py` (its `true_pref_reward_hist`).
 */
function frameTruth(frames: Frame[], primitive: Action['primitive'], t: number): number[] {
  const tools = toolSlots(primitive, bodySlots(frames[0].bodies.length / 7 - TOOL_BODIES));
  let entered = false;
  const enteredBy = frames.map((f) => {
    for (const b of tools)
      if (insideZone([f.bodies[7 * b], f.bodies[7 * b + 1], f.bodies[7 * b + 2]], BENCH_ZONE)) entered = true;
    return entered;
  });
  return Array.from({ length: t }, (_, k) => {
    const i = Math.round((k * (frames.length - 1)) / Math.max(1, t - 1));
    const b = frames[i].bodies; // row 0: the T block's x, y, z, qx, qy, qz, qw
    const theta = Math.atan2(2 * (b[6] * b[5] + b[3] * b[4]), 1 - 2 * (b[4] * b[4] + b[5] * b[5]));
    return goalCoverage({ x: b[0], y: b[1], theta }) - (enteredBy[i] ? BENCH_ZONE.weight : 0);
  });
}

/** `count` recorded episodes from start seeds base..base+count−1, scored by the zone teacher (cached). */
async function pool(cache: string, base: number, count: number, steps: number): Promise<PoolEpisode[]> {
  const file = join(cache, `pool-${base}-${count}-${steps}-${FRAMES}x${POINTS}-truth.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as PoolEpisode[];
  const task = getTask('push-T');
  const policy = await openCollectPolicy('push-T', 'default');
  const teacher = parseTeacherConfig({ keepOut: BENCH_ZONE });
  const out: PoolEpisode[] = [];
  let gap = 0;
  try {
    for (let i = 0; i < count; i++) {
      const scene = Scene.create(task, base + i);
      try {
        const rng = makeRng(base + i);
        const ep = await recordEpisode(scene, policy.policyFor(scene), steps, rng);
        const score = teacherScore(ep.outcome, teacher, i);
        const truth = frameTruth(ep.frames, task.primitive, FRAMES);
        const traj = trajectoryFromFrames(ep.frames, task.primitive, FRAMES, POINTS, task.obsScale, rng);
        out.push({
          traj: encodeTrajectory(traj),
          score,
          coverage: ep.metrics.coverage,
          entered: score < ep.outcome.rewards[0] - 0.5,
          truth,
        });
        gap = Math.max(gap, Math.abs(truth[FRAMES - 1] - score));
      } finally {
        scene.free();
      }
      if ((i + 1) % 50 === 0) log(`episodes ${base}: ${i + 1}/${count} (policy ${policy.source})`);
    }
  } finally {
    await policy.free();
  }
  // The last frame's truth should be the episode's score (the block may still settle a little).
  log(`episodes ${base}: largest |last-frame truth − score| ${gap.toFixed(4)}`);
  mkdirSync(cache, { recursive: true });
  writeFileSync(file, JSON.stringify(out));
  return out;
}

/** P(reward of a random non-entering episode > reward of a random entering one); ties count half. */
function auc(reward: number[], entered: boolean[]): number {
  let s = 0,
    n = 0;
  for (let i = 0; i < reward.length; i++) {
    if (entered[i]) continue;
    for (let j = 0; j < reward.length; j++) {
      if (!entered[j]) continue;
      s += reward[i] > reward[j] ? 1 : reward[i] === reward[j] ? 0.5 : 0;
      n++;
    }
  }
  return n > 0 ? s / n : NaN;
}

interface Figures {
  spearman: number;
  auc: number;
  progress: number;
  /** Mean over test episodes of ρ(per-frame reward, per-frame truth) on every 4th frame (reference compute_corr.py). */
  withinEpisode: number;
  trainSeconds: number;
  rewardMs?: number;
}

/** Mean within-episode ρ of per-frame rewards against the per-frame truth, every 4th frame as the reference. */
function withinEpisode(dense: number[][], test: PoolEpisode[]): number {
  const every4 = <T>(xs: T[]) => xs.filter((_, k) => k % 4 === 0);
  // A constant truth (the block never moved, the zone never entered) has no ρ.
  const rhos = test.map((e, i) => spearman(every4(dense[i]), every4(e.truth))).filter((r) => Number.isFinite(r));
  return rhos.reduce((a, b) => a + b, 0) / rhos.length;
}

function figures(reward: number[], dense: number[][], test: PoolEpisode[], trainSeconds: number): Figures {
  const out = test.map((e, i) => ({ e, r: reward[i] })).filter((x) => !x.e.entered);
  return {
    spearman: spearman(
      reward,
      test.map((e) => e.score),
    ),
    auc: auc(
      reward,
      test.map((e) => e.entered),
    ),
    progress: spearman(
      out.map((x) => x.r),
      out.map((x) => x.e.coverage),
    ),
    withinEpisode: withinEpisode(dense, test),
    trainSeconds,
  };
}

/** One seed: triplets, demos, then RAPL (each cost) and the scalar at each size. */
async function runSeed(
  seed: number,
  train: PoolEpisode[],
  test: PoolEpisode[],
  costs: OtCost[],
  cfg: RaplConfigInput,
  sizes: number[],
): Promise<Record<string, Figures>> {
  const rng = makeRng(1000 + seed);
  const trajs = train.map((e, i) => decodeTrajectory(e.traj, `pool episode ${i}`));
  const testTrajs = test.map((e, i) => decodeTrajectory(e.traj, `test episode ${i}`));
  const all = binnedTriplets(
    train.map((e) => e.score),
    { count: Math.max(...sizes) },
    rng,
  );
  const byScore = train.map((_, i) => i).sort((a, b) => train[b].score - train[a].score);
  const top = byScore.slice(0, Math.max(DEMOS, Math.round(train.length / 10)));
  const demos: Trajectory[] = [];
  for (const i of top
    .map((v) => ({ v, k: rng.next() }))
    .sort((a, b) => a.k - b.k)
    .slice(0, DEMOS))
    demos.push(trajs[i.v]);
  const out: Record<string, Figures> = {};
  for (const size of sizes) {
    const triplets: TrajectoryTriplet[] = all
      .slice(0, size)
      .map((t) => ({ pos: trajs[t.pos], neu: trajs[t.neu], neg: trajs[t.neg], y: t.y }));
    for (const cost of costs) {
      const t0 = performance.now();
      const { model } = await trainRapl(triplets, { ...cfg, cost, seed }, { demos });
      const secs = (performance.now() - t0) / 1000;
      try {
        const r: number[] = [],
          dense: number[][] = [];
        const t1 = performance.now();
        for (const t of testTrajs) {
          const x = await model.rewardOf(t);
          r.push(x.total);
          dense.push(Array.from(x.dense));
        }
        // Mean ms per held-out episode: 45 frames against the 6 demos, with the trained encoder's costs.
        out[`rapl-${cost}-${size}`] = {
          ...figures(r, dense, test, secs),
          rewardMs: (performance.now() - t1) / testTrajs.length,
        };
      } finally {
        await model.free();
      }
      log(`seed ${seed} rapl ${cost} ${size}: ${JSON.stringify(out[`rapl-${cost}-${size}`])}`);
    }
    const t0 = performance.now();
    const scalar = await trainScalarTrajectoryReward(triplets, { ...cfg, seed }, makeRng(seed));
    const secs = (performance.now() - t0) / 1000;
    try {
      const r: number[] = [],
        dense: number[][] = [];
      for (const t of testTrajs) {
        r.push(await scalar.reward(t));
        dense.push(await scalar.frameRewards(t));
      }
      out[`scalar-${size}`] = figures(r, dense, test, secs);
    } finally {
      await scalar.free();
    }
    log(`seed ${seed} scalar ${size}: ${JSON.stringify(out[`scalar-${size}`])}`);
  }
  return out;
}

function summary(perSeed: Record<string, Figures>[], key: string) {
  const pick = (f: keyof Figures) => meanCI(perSeed.map((s) => s[key]?.[f] ?? NaN));
  const sp = pick('spearman'),
    a = pick('auc'),
    p = pick('progress'),
    w = pick('withinEpisode');
  return {
    spearman: sp.mean,
    ci: [sp.lo, sp.hi],
    n: sp.n,
    auc: a.mean,
    aucCi: [a.lo, a.hi],
    progress: p.mean,
    progressCi: [p.lo, p.hi],
    withinEpisode: w.mean,
    withinEpisodeCi: [w.lo, w.hi],
    perSeed: perSeed.map((s) => s[key]?.spearman ?? null),
  };
}

export default async function (args: string[]): Promise<unknown> {
  const seeds = int(args, '--seeds', 3);
  const runSeeds = (flag(args, '--run-seeds') ?? Array.from({ length: seeds }, (_, i) => i).join(','))
    .split(',')
    .map(Number);
  const steps = int(args, '--steps', 5),
    trainCount = int(args, '--pool', 400),
    testCount = int(args, '--test', 160);
  const costArg = flag(args, '--cost') ?? 'both';
  if (!['euclidean', 'cosine', 'both'].includes(costArg))
    throw new Error(`--cost: expected euclidean, cosine or both, found ${costArg}`);
  const costs: OtCost[] = costArg === 'both' ? ['euclidean', 'cosine'] : [costArg as OtCost];
  const epochs = flag(args, '--epochs'),
    trainIters = flag(args, '--train-iters'),
    lossForm = flag(args, '--loss-form'),
    validation = flag(args, '--validation');
  if (validation !== undefined && !(Number(validation) >= 0 && Number(validation) <= 0.5))
    throw new Error(`--validation: expected a fraction in [0, 0.5], found ${validation}`);
  if (lossForm !== undefined && lossForm !== 'log' && lossForm !== 'linear')
    throw new Error(`--loss-form: expected log or linear, found ${lossForm}`);
  // Absent flags stay out of cfg, so the cached per-seed results of the defaults keep their key.
  const cfg: RaplConfigInput = {
    trainFrames: FRAMES,
    rewardFrames: FRAMES,
    points: POINTS,
    pointSizes: [32, 32],
    ...(epochs ? { epochs: Number(epochs) } : {}),
    ...(trainIters ? { trainIters: Number(trainIters) } : {}),
    ...(lossForm ? { lossForm } : {}),
    ...(validation ? { validation: Number(validation) } : {}),
  };
  const sizesArg = flag(args, '--sizes');
  const sizes = sizesArg === undefined ? SIZES : sizesArg.split(',').map(Number);
  if (sizes.some((x) => !Number.isInteger(x) || x < 2) || !sizes.includes(75) || !sizes.includes(150))
    throw new Error(`--sizes: expected triplet counts ≥ 2 including 75 and 150, found ${sizesArg}`);
  const cache = flag(args, '--cache') ?? 'out/rapl-bench';
  await initPhysics();
  const train = await pool(cache, 300_000, trainCount, steps);
  const test = await pool(cache, 400_000, testCount, steps);
  const setupKey = createHash('sha256')
    // Other sizes draw other triplets (the largest count is drawn, smaller ones are its prefixes).
    // v 3: training Sinkhorn in the log domain (v 2 results came from the scaling form).
    .update(JSON.stringify({ trainCount, testCount, steps, cfg, v: 3, ...(sizesArg ? { sizes } : {}) }))
    .digest('hex')
    .slice(0, 10);
  const results = (seed: number) => join(cache, `seed-${setupKey}-${seed}.json`);
  for (const seed of runSeeds) {
    if (seed >= seeds && !args.includes('--run-seeds')) continue;
    const file = results(seed);
    const have = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, Figures>) : {};
    if (costs.every((c) => sizes.every((s) => have[`rapl-${c}-${s}`]))) continue;
    writeFileSync(file, JSON.stringify({ ...have, ...(await runSeed(seed, train, test, costs, cfg, sizes)) }));
  }
  const perSeed = Array.from({ length: seeds }, (_, s) => s)
    .filter((s) => existsSync(results(s)))
    .map((s) => JSON.parse(readFileSync(results(s), 'utf8')) as Record<string, Figures>);
  const entered = (p: PoolEpisode[]) => p.filter((e) => e.entered).length / p.length;
  const bySize = (prefix: string) =>
    Object.fromEntries(sizes.map((s) => [String(s), summary(perSeed, `${prefix}-${s}`)]));
  const paired = (a: string, b: string, f: 'spearman' | 'auc' | 'progress' | 'withinEpisode' = 'spearman') => {
    const d = meanCI(perSeed.map((s) => (s[a]?.[f] ?? NaN) - (s[b]?.[f] ?? NaN)));
    return { mean: d.mean, ci: [d.lo, d.hi], n: d.n };
  };
  // RAPL − scalar at each size, for each figure (paired by seed: same triplets, demos and test set).
  const differences = Object.fromEntries(
    sizes.map((z) => [
      String(z),
      Object.fromEntries(
        (['spearman', 'auc', 'progress', 'withinEpisode'] as const).map((f) => [
          f,
          paired(`rapl-euclidean-${z}`, `scalar-${z}`, f),
        ]),
      ),
    ]),
  );
  return {
    rapl: bySize('rapl-euclidean'),
    scalar: bySize('scalar'),
    setup: {
      task: 'push-T',
      stepsPerEpisode: steps,
      trainEpisodes: train.length,
      testEpisodes: test.length,
      frames: FRAMES,
      demos: DEMOS,
      zone: BENCH_ZONE,
      enteredFraction: { train: entered(train), test: entered(test) },
      seedsInCache: perSeed.length,
      equalFraction: 0.5,
      binQuantiles: [0.3, 0.4, 0.6, 0.7],
      cost: 'rapl = euclidean (the reference training code); raplCosine beside it',
      training: (({ trainIters, lossForm, epochs, lr, batchSize, eps, validation }) => ({
        validation,
        trainIters,
        lossForm,
        epochs,
        lr,
        batchSize,
        eps,
      }))(RaplConfigSchema.parse(cfg)),
    },
    raplCosine: bySize('rapl-cosine'),
    raplMinusScalar150: paired('rapl-euclidean-150', 'scalar-150'),
    rapl75MinusScalar150: paired('rapl-euclidean-75', 'scalar-150'),
    raplMinusScalar: differences,
  };
}
