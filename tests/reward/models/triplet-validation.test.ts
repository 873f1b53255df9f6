import { expect, test } from 'vitest';
import { makeRng, type Rng } from '../../../core/rng.ts';
import {
  type RaplConfigInput,
  type TrajectoryTriplet,
  trainRapl,
  trainScalarTrajectoryReward,
} from '../../../reward/models/index.ts';
import type { Trajectory } from '../../../reward/models/trajectory.ts';
import { splitTriplets } from '../../../reward/models/triplet-validation.ts';

const CFG: RaplConfigInput = {
  points: 6,
  trainFrames: 4,
  rewardFrames: 4,
  pointSizes: [8],
  toolSizes: [8],
  embed: 8,
  trainIters: 8,
  lr: 1e-2,
  batchSize: 4,
};

function randomTrajectory(rng: Rng): Trajectory {
  const frames = 4,
    n = 6;
  return {
    frames,
    n,
    points: Float32Array.from({ length: frames * n * 3 }, () => rng.normal()),
    tool: Float32Array.from({ length: frames * 3 }, () => rng.normal()),
  };
}

/** Triplets with labels unrelated to the trajectories: a model can only memorise them, so it overfits. */
function noiseTriplets(count: number, seed: number): TrajectoryTriplet[] {
  const rng = makeRng(seed);
  return Array.from({ length: count }, () => ({
    pos: randomTrajectory(rng),
    neu: randomTrajectory(rng),
    neg: randomTrajectory(rng),
    y: rng.next() < 0.5 ? 1 : 0.5,
  }));
}

test('splitTriplets holds out round(fraction · n) triplets, disjoint from training, by seed', () => {
  const a = splitTriplets(50, 0.2, 3);
  expect(a.validation).toHaveLength(10);
  expect(a.train).toHaveLength(40);
  expect(new Set([...a.train, ...a.validation]).size).toBe(50);
  expect(splitTriplets(50, 0.2, 3)).toEqual(a);
  expect(splitTriplets(50, 0.2, 4).validation).not.toEqual(a.validation);
});

test('splitTriplets with fraction 0, or too few triplets for both sides, trains on every triplet', () => {
  for (const [n, f] of [
    [10, 0],
    [1, 0.5],
    [2, 0.1],
  ] as const) {
    const s = splitTriplets(n, f, 0);
    expect(s.validation).toEqual([]);
    expect(s.train).toEqual(Array.from({ length: n }, (_, i) => i));
  }
});

test('trainRapl keeps the epoch of lowest validation loss: the same as training only that many epochs', async () => {
  const triplets = noiseTriplets(40, 1);
  const demos = triplets.slice(0, 2).map((t) => t.pos);
  const losses: number[] = [];
  const full = await trainRapl(
    triplets,
    { ...CFG, epochs: 12, validation: 0.3 },
    { demos, onProgress: (p) => losses.push(p.validationLoss) },
  );
  const { record } = full;
  expect(record.epochsUsed).toBe(12);
  expect(record.validationTriplets).toBe(12);
  expect(losses).toHaveLength(12);
  // Memorising noise: validation loss rises again, so the kept epoch is an earlier one.
  expect(record.bestEpoch).toBeGreaterThan(0);
  expect(record.bestEpoch).toBeLessThan(12);
  expect(record.validationLoss).toBeCloseTo(Math.min(...losses), 6);
  expect(record.validationLoss).toBeCloseTo(losses[record.bestEpoch - 1], 6);
  const short = await trainRapl(triplets, { ...CFG, epochs: record.bestEpoch, validation: 0.3 }, { demos });
  try {
    const probe = noiseTriplets(3, 9).map((t) => t.pos);
    for (const t of probe) expect((await full.model.rewardOf(t)).total).toBe((await short.model.rewardOf(t)).total);
  } finally {
    await Promise.all([full.model.free(), short.model.free()]);
  }
}, 120_000);

test('trainRapl with validation 0 keeps the last epoch and reports no validation loss', async () => {
  const triplets = noiseTriplets(12, 2);
  const r = await trainRapl(triplets, { ...CFG, epochs: 3 }, { demos: [triplets[0].pos] });
  try {
    expect(r.record).toMatchObject({ epochsUsed: 3, bestEpoch: 3, validationTriplets: 0 });
    expect(r.record.validationLoss).toBeNaN();
  } finally {
    await r.model.free();
  }
}, 60_000);

test('the scalar baseline holds out the same triplets and keeps its best epoch', async () => {
  const triplets = noiseTriplets(40, 1);
  const s = await trainScalarTrajectoryReward(triplets, { ...CFG, epochs: 12, validation: 0.3 });
  const { record } = s;
  expect(record.validationTriplets).toBe(splitTriplets(40, 0.3, 0).validation.length);
  expect(record.bestEpoch).toBeGreaterThan(0);
  expect(record.bestEpoch).toBeLessThan(12);
  const short = await trainScalarTrajectoryReward(triplets, { ...CFG, epochs: record.bestEpoch, validation: 0.3 });
  try {
    for (const t of noiseTriplets(3, 9).map((x) => x.pos)) expect(await s.reward(t)).toBe(await short.reward(t));
  } finally {
    await Promise.all([s.free(), short.free()]);
  }
}, 60_000);
