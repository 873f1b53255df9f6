/**
 * The explicit reward's candidate features carry the world origin, so a preference that depends
 * on where an action lies on the table (a keep-out zone) is learnable from object-centred
 * observations; and rotation augmentation turns points, actions and origin together.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { makeRng, type Rng } from '../../../core/rng.ts';
import { loadCheckpoint } from '../../../nn/index.ts';
import { ExplicitRewardModel, makePairData, pairBatch, sigmoid, trainExplicit } from '../../../reward/models/index.ts';
import { worldOrigin } from '../../../sim/index.ts';
import type { Action, Observation } from '../../../sim/types.ts';
import { randomAction, randomCloud } from './fixtures.ts';

const live: ExplicitRewardModel[] = [];
afterAll(async () => {
  await Promise.all(live.map((m) => m.free()));
});

/** A state: an object-centred cloud whose centre sits at a random spot on the table (scale 1). */
function state(rng: Rng): Observation {
  return { points: randomCloud(rng, 32), center: [rng.uniform(-1, 1), rng.uniform(-1, 1), 0], scale: 1 };
}

/**
 * Bad when the place point lands, in world coordinates, in the band 0.15 ≤ x ≤ 0.65 (a zone on
 * the table). A band, not a half-plane: which of two candidates is inside then depends on where
 * the object is, not just on which action lies further right.
 */
function inZone(obs: Observation, a: Action): boolean {
  return Math.abs(a.p1[0] + obs.center[0] - 0.4) <= 0.25;
}

function pairs(rng: Rng, states: Observation[], n: number) {
  const out: { state: number; a: Action; b: Action; y: number }[] = [];
  while (out.length < n) {
    const s = rng.int(states.length),
      a = randomAction(rng),
      b = randomAction(rng);
    const za = inZone(states[s], a),
      zb = inZone(states[s], b);
    if (za !== zb) out.push({ state: s, a, b, y: za ? 0 : 1 });
  }
  return out;
}

function dataOf(states: Observation[], list: ReturnType<typeof pairs>) {
  const origins = new Float32Array(states.length * 3);
  states.forEach((o, s) => origins.set(worldOrigin(o), 3 * s));
  return makePairData(
    states.map((o) => o.points),
    list,
    origins,
  );
}

async function accuracy(
  model: ExplicitRewardModel,
  states: Observation[],
  list: ReturnType<typeof pairs>,
): Promise<number> {
  let right = 0;
  for (const p of list) {
    const s = await model.score(states[p.state], [p.a, p.b]);
    if (sigmoid(s[0] - s[1]) > 0.5 === (p.y === 1)) right++;
  }
  return right / list.length;
}

describe('explicit reward: world origin and rotation', () => {
  test('a zone fixed on the table is learned with the origin input and not without it', async () => {
    const rng = makeRng(21);
    const train = Array.from({ length: 60 }, () => state(rng)),
      test = Array.from({ length: 30 }, () => state(rng));
    const trainPairs = pairs(rng, train, 300),
      testPairs = pairs(rng, test, 150);
    const acc: Record<string, number> = {};
    for (const originInput of [true, false]) {
      const { model } = await trainExplicit(dataOf(train, trainPairs), {
        epochs: 30,
        points: 32,
        originInput,
        seed: 1,
      });
      live.push(model);
      acc[String(originInput)] = await accuracy(model, test, testPairs);
    }
    expect(acc.true).toBeGreaterThan(0.85);
    expect(acc.true - acc.false).toBeGreaterThan(0.15);
  });

  test('rotation augmentation turns points, both action points and the origin by one angle', () => {
    const rng = makeRng(5);
    const cloud = randomCloud(rng, 8);
    const a = randomAction(rng),
      b = randomAction(rng);
    const d = makePairData([cloud], [{ state: 0, a, b, y: 1 }], new Float32Array([0.4, -0.2, 0]));
    const plain = pairBatch(d, [0], 8, makeRng(9), false);
    const turned = pairBatch(d, [0], 8, makeRng(9), true);
    const dist = (v: Float32Array, i: number, w: Float32Array, j: number) =>
      Math.hypot(v[3 * i] - w[3 * j], v[3 * i + 1] - w[3 * j + 1]);
    // Candidate rows are [p0, p1, origin] = 3-vectors 0..2 (A) and 3..5 (B); rigid motion keeps every distance.
    for (let i = 0; i < 8; i++)
      for (const j of [0, 1, 2, 3, 4, 5]) {
        expect(dist(turned.points, i, turned.actions, j)).toBeCloseTo(dist(plain.points, i, plain.actions, j), 4);
      }
    expect(turned.actions[6]).not.toBeCloseTo(plain.actions[6], 3); // the origin moved
    expect(Math.hypot(turned.actions[6], turned.actions[7])).toBeCloseTo(Math.hypot(0.4, -0.2), 5);
  });

  test('a checkpoint from before the origin input is refused, naming the field', async () => {
    const rng = makeRng(3);
    const states = [state(rng)];
    const { model } = await trainExplicit(dataOf(states, pairs(rng, states, 4)), { epochs: 1, points: 8 });
    live.push(model);
    const ckpt = loadCheckpoint(model.bytes);
    const arch = ckpt.meta.architecture as { config: Record<string, unknown> };
    delete arch.config.originInput;
    await expect(ExplicitRewardModel.fromCheckpoint(ckpt, 'old')).rejects.toThrow(
      /architecture\.config\.originInput: missing.*retrain/,
    );
  });
});
