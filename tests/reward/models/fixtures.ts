/** Synthetic preference data with a known reward, for fast reward-model tests. */
import { join } from 'node:path';
import { makeRng, type Rng } from '../../../core/rng.ts';
import type { Action, Observation } from '../../../sim/types.ts';
import { makePairData, trainExplicit, type PairData } from '../../../reward/models/index.ts';

/** A random state: 64 points on a noisy circle of random radius and offset, normalised frame. */
export function randomCloud(rng: Rng, n = 64): Float32Array {
  const r = rng.uniform(0.3, 1),
    cx = rng.uniform(-0.3, 0.3),
    cy = rng.uniform(-0.3, 0.3);
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const t = rng.uniform(0, 2 * Math.PI);
    out.set([cx + r * Math.cos(t), cy + r * Math.sin(t), 0], i * 3);
  }
  return out;
}

export function randomAction(rng: Rng): Action {
  return {
    primitive: 'pick_place',
    p0: [rng.uniform(-1, 1), rng.uniform(-1, 1), 0],
    p1: [rng.uniform(-1, 1), rng.uniform(-1, 1), 0],
  };
}

/** Known reward: pick close to the cloud (nearest point), place far to the right. */
export function trueReward(cloud: Float32Array, a: Action): number {
  let d = Infinity;
  for (let i = 0; i < cloud.length; i += 3) d = Math.min(d, Math.hypot(cloud[i] - a.p0[0], cloud[i + 1] - a.p0[1]));
  return -2 * d + a.p1[0];
}

export function obsOf(cloud: Float32Array): Observation {
  return { points: cloud, center: [0, 0, 0], scale: 1 };
}

/**
 * `pairs` oracle pairs over `states` states; `flip` of them flipped. Returns the data, the
 * clean targets and the states.
 */
export function syntheticPairs(
  rng: Rng,
  states: number,
  pairs: number,
  flip = 0,
): { data: PairData; clean: Float32Array; clouds: Float32Array[] } {
  const clouds = Array.from({ length: states }, () => randomCloud(rng));
  const list: { state: number; a: Action; b: Action; y: number }[] = [];
  const clean = new Float32Array(pairs);
  for (let i = 0; i < pairs; i++) {
    const s = rng.int(states),
      a = randomAction(rng),
      b = randomAction(rng);
    const y = trueReward(clouds[s], a) > trueReward(clouds[s], b) ? 1 : 0;
    clean[i] = y;
    list.push({ state: s, a, b, y: rng.next() < flip ? 1 - y : y });
  }
  return { data: makePairData(clouds, list), clean, clouds };
}

/** A tiny explicit reward trained for one epoch on synthetic pairs, saved as `dir`/explicit.onnx (its path). */
export async function tinyExplicitFile(dir: string): Promise<string> {
  const { data } = syntheticPairs(makeRng(0), 2, 8);
  const { model } = await trainExplicit(data, {
    epochs: 1,
    points: 16,
    pointSizes: [8],
    actionSizes: [8],
    fuse: 8,
    headSizes: [8],
  });
  const file = join(dir, 'explicit.onnx');
  model.save(file);
  await model.free();
  return file;
}
