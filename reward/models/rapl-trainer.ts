/**
 * Trains RAPL's encoder on trajectory triplets (METHODS §4; paper: Adam 1e-3, batch 10, 100
 * epochs, 150 triplets), and the scalar-reward baseline on the same triplets.
 */
import { makeRng, type Rng } from '../../core/rng.ts';
import {
  checkpointBytes,
  epochBatches,
  Graph,
  makeInferenceModel,
  makeTrainer,
  openModel,
  tensor,
  type Feeds,
} from '../../nn/index.ts';
import { RaplConfigSchema, type RaplConfig, type RaplConfigInput } from './rapl-config.ts';
import { RaplRewardModel } from './rapl-model.ts';
import { buildScalarPairGraph, buildTripletGraph, frameEncoder } from './rapl-network.ts';
import { encodeTrajectory, type Trajectory } from './trajectory.ts';
import { formatZodError } from '../../core/zod-error.ts';
import { trainKeepingBest } from './best-epoch.ts';
import type { StoppingRecord } from './early-stopping.ts';
import { splitTriplets } from './triplet-validation.ts';

/** A labelled triplet: y = 1 ordered (pos best … neg worst), y = 0.5 all equal. */
export interface TrajectoryTriplet {
  pos: Trajectory;
  neu: Trajectory;
  neg: Trajectory;
  y: 1 | 0.5;
}

export interface RaplTrainOptions {
  id?: string;
  /** Expert demos saved with the model (the dense reward compares against the closest). */
  demos?: Trajectory[];
  /** `validationLoss` is NaN when `validation` is 0 (nothing held out). */
  onProgress?: (p: { epoch: number; epochs: number; loss: number; validationLoss: number }) => void;
}

/** What the checkpoint rule kept: epoch 1-based (0 = the initial weights), NaN losses without validation. */
export interface RaplTrainRecord {
  epochsUsed: number;
  bestEpoch: number;
  trainLoss: number;
  validationLoss: number;
  validationTriplets: number;
}

function parse(input: RaplConfigInput): RaplConfig {
  const r = RaplConfigSchema.safeParse(input);
  if (!r.success) throw new Error(`rapl config: ${formatZodError(r.error, { prefix: 'field ', top: '' })}`);
  return r.data;
}

function check(tr: Trajectory, cfg: RaplConfig, what: string): void {
  if (tr.frames !== cfg.trainFrames || tr.n !== cfg.points) {
    throw new Error(
      `rapl training: ${what}: expected ${cfg.trainFrames} frames × ${cfg.points}` +
        ` points (trainFrames, points), found ${tr.frames} × ${tr.n}`,
    );
  }
}

/** Stacks trajectories into `${name}Points` [b, T, N, 3] and `${name}Tool` [b, T, 3]. */
function stack(name: string, trs: Trajectory[], cfg: RaplConfig): Feeds {
  const t = cfg.trainFrames,
    n = cfg.points;
  const pts = new Float32Array(trs.length * t * n * 3),
    tool = new Float32Array(trs.length * t * 3);
  trs.forEach((tr, k) => {
    pts.set(tr.points, k * t * n * 3);
    tool.set(tr.tool, k * t * 3);
  });
  return { [`${name}Points`]: tensor(pts, [trs.length, t, n, 3]), [`${name}Tool`]: tensor(tool, [trs.length, t, 3]) };
}

function tripletFeeds(batch: TrajectoryTriplet[], cfg: RaplConfig): Feeds {
  return {
    ...stack(
      'pos',
      batch.map((x) => x.pos),
      cfg,
    ),
    ...stack(
      'neu',
      batch.map((x) => x.neu),
      cfg,
    ),
    ...stack(
      'neg',
      batch.map((x) => x.neg),
      cfg,
    ),
    ordered: tensor(
      Float32Array.from(batch, (x) => (x.y === 1 ? 1 : 0)),
      [batch.length],
    ),
  };
}

type ScalarPair = readonly [Trajectory, Trajectory, 1 | 0.5];

/** The three pairs of a triplet: pos ≻ neu, pos ≻ neg, neu ≻ neg (target 0.5 when all equal). */
function pairsOf(t: TrajectoryTriplet): ScalarPair[] {
  return [
    [t.pos, t.neu, t.y],
    [t.pos, t.neg, t.y],
    [t.neu, t.neg, t.y],
  ];
}

function pairFeeds(batch: ScalarPair[], cfg: RaplConfig): Feeds {
  return {
    ...stack(
      'a',
      batch.map((p) => p[0]),
      cfg,
    ),
    ...stack(
      'b',
      batch.map((p) => p[1]),
      cfg,
    ),
    y: tensor(
      Float32Array.from(batch, (p) => p[2]),
      [batch.length],
    ),
  };
}

/** Fixed batches of `items` for a forward-only validation pass. */
function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Copies the trained φ into an inference graph (inputs points [F, N, 3], tool [F, 3]; output embed [F, E]). */
async function exportEncoder(
  trained: Graph,
  cfg: RaplConfig,
  id: string,
  metrics: Record<string, number>,
  demos: Trajectory[],
): Promise<RaplRewardModel> {
  const g = new Graph();
  const e = frameEncoder(g, g.input('points', ['F', cfg.points, 3]), g.input('tool', ['F', 3]), cfg, 'phi', makeRng(0));
  g.output('embed', e);
  const src = new Map(trained.params().map((p) => [p.name, p.data]));
  for (const p of g.params()) p.data.set(src.get(p.name)!);
  const bytes = checkpointBytes(g, {
    outputs: ['embed'],
    info: { architecture: { kind: 'rapl', config: cfg, demos: demos.map(encodeTrajectory) }, metrics },
  });
  const model = new RaplRewardModel(id, await openModel(bytes), cfg, bytes);
  if (demos.length > 0) await model.setDemos(demos);
  return model;
}

/**
 * Trains φ with the OT triplet loss; returns the reward model (set its demos before use). With
 * `cfg.validation` > 0 it holds that fraction of the triplets out and keeps the epoch with the
 * lowest validation loss, the reference trainer's checkpoint rule; with 0 it keeps the last epoch.
 */
export async function trainRapl(
  triplets: TrajectoryTriplet[],
  input: RaplConfigInput,
  opts: RaplTrainOptions = {},
): Promise<{ model: RaplRewardModel; finalLoss: number; tripletsPerSecond: number; record: RaplTrainRecord }> {
  const cfg = parse(input);
  if (triplets.length === 0) throw new Error('trainRapl: no triplets');
  triplets.forEach((tr, i) => {
    check(tr.pos, cfg, `triplet ${i} pos`);
    check(tr.neu, cfg, `triplet ${i} neu`);
    check(tr.neg, cfg, `triplet ${i} neg`);
  });
  const split = splitTriplets(triplets.length, cfg.validation, cfg.seed);
  const train = split.train.map((i) => triplets[i]);
  const valBatches = chunks(
    split.validation.map((i) => triplets[i]),
    cfg.batchSize,
  ).map((b) => ({ feeds: tripletFeeds(b, cfg), size: b.length }));
  const rng = makeRng(cfg.seed);
  const g = new Graph();
  const { loss } = buildTripletGraph(g, cfg, rng.fork());
  const trainer = await makeTrainer(g, { loss, optimizer: { lr: cfg.lr } });
  let last = NaN,
    seen = 0;
  const t0 = performance.now();
  let stopping: StoppingRecord;
  try {
    stopping = await trainKeepingBest(
      g,
      trainer,
      cfg.epochs,
      valBatches,
      async (e) => {
        let sum = 0;
        for (const b of epochBatches(train.length, cfg.batchSize, rng)) {
          const batch = Array.from(b, (i) => train[i]);
          sum += (await trainer.step(tripletFeeds(batch, cfg))).loss * batch.length;
          seen += batch.length;
        }
        last = sum / train.length;
        if (!Number.isFinite(last))
          throw new Error(
            `trainRapl: the training loss became ${last} in epoch ${e} of ${cfg.epochs} ` +
              `(lr ${cfg.lr}, eps ${cfg.eps}, cost ${cfg.cost}); try a smaller lr or a larger eps`,
          );
        return last;
      },
      (e, loss, vl) => opts.onProgress?.({ epoch: e - 1, epochs: cfg.epochs, loss, validationLoss: vl }),
    );
  } finally {
    await trainer.free();
  }
  const tripletsPerSecond = seen / ((performance.now() - t0) / 1000);
  const record = { ...stopping, validationTriplets: split.validation.length };
  const metrics: Record<string, number> = { finalLoss: last };
  if (valBatches.length > 0)
    Object.assign(metrics, { bestEpoch: record.bestEpoch, validationLoss: record.validationLoss });
  return {
    model: await exportEncoder(g, cfg, opts.id ?? 'rapl', metrics, opts.demos ?? []),
    finalLoss: last,
    tripletsPerSecond,
    record,
  };
}

/**
 * The scalar baseline: Bradley–Terry on the three pairs of each triplet (pos ≻ neu, pos ≻ neg,
 * neu ≻ neg; target 0.5 on "all equal" triplets). Returns a function giving a trajectory's reward
 * (mean per-frame scalar), and one giving the per-frame scalars.
 */
export async function trainScalarTrajectoryReward(
  triplets: TrajectoryTriplet[],
  input: RaplConfigInput,
  rng: Rng = makeRng(0),
): Promise<{
  reward: (t: Trajectory) => Promise<number>;
  /** The per-frame scalars whose mean is `reward`: [T]. */
  frameRewards: (t: Trajectory) => Promise<number[]>;
  free: () => Promise<void>;
  record: RaplTrainRecord;
}> {
  const cfg = parse(input);
  if (triplets.length === 0) throw new Error('trainScalarTrajectoryReward: no triplets');
  triplets.forEach((tr, i) => {
    check(tr.pos, cfg, `triplet ${i} pos`);
    check(tr.neu, cfg, `triplet ${i} neu`);
    check(tr.neg, cfg, `triplet ${i} neg`);
  });
  // The same held-out triplets as trainRapl with this config's seed.
  const split = splitTriplets(triplets.length, cfg.validation, cfg.seed);
  const pairs = split.train.flatMap((i) => pairsOf(triplets[i]));
  const valBatches = chunks(
    split.validation.flatMap((i) => pairsOf(triplets[i])),
    cfg.batchSize * 3,
  ).map((b) => ({ feeds: pairFeeds(b, cfg), size: b.length }));
  const g = new Graph();
  const { loss } = buildScalarPairGraph(g, cfg, rng.fork());
  const trainer = await makeTrainer(g, { loss, optimizer: { lr: cfg.lr } });
  let stopping: StoppingRecord;
  try {
    // Same number of optimiser steps per triplet as RAPL: batches of 3·batchSize pairs.
    stopping = await trainKeepingBest(g, trainer, cfg.epochs, valBatches, async () => {
      let sum = 0;
      for (const b of epochBatches(pairs.length, cfg.batchSize * 3, rng)) {
        const batch = Array.from(b, (i) => pairs[i]);
        sum += (await trainer.step(pairFeeds(batch, cfg))).loss * batch.length;
      }
      return sum / pairs.length;
    });
  } finally {
    await trainer.free();
  }
  const record = { ...stopping, validationTriplets: split.validation.length };
  const inf = new Graph();
  const e = frameEncoder(
    inf,
    inf.input('points', ['F', cfg.points, 3]),
    inf.input('tool', ['F', 3]),
    cfg,
    'phi',
    makeRng(0),
  );
  const w = inf.param('scalar.w', [cfg.embed, 1], new Float32Array(cfg.embed));
  const perFrame = e.matmul(w); // [F, 1]
  inf.output('r', perFrame.mean());
  inf.output('frames', perFrame);
  const src = new Map(g.params().map((p) => [p.name, p.data]));
  for (const p of inf.params()) p.data.set(src.get(p.name)!);
  const model = await makeInferenceModel(inf);
  const run = (t: Trajectory) =>
    model.run({ points: tensor(t.points, [t.frames, t.n, 3]), tool: tensor(t.tool, [t.frames, 3]) });
  return {
    reward: async (t) => ((await run(t)).r.data as Float32Array)[0],
    frameRewards: async (t) => Array.from((await run(t)).frames.data as Float32Array),
    free: () => model.free(),
    record,
  };
}
