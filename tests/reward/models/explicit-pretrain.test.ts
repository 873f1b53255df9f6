import { beforeAll, describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { loadCheckpoint } from '../../../nn/index.ts';
import { standInPolicy } from '../../../reward/collect/index.ts';
import {
  PHYSICS_TARGET_DIMS,
  physicsRollouts,
  physicsTarget,
  pretrainExplicitEncoder,
  readPretrainedEncoder,
  parseExplicitConfig,
  trainExplicit,
  type PhysicsTransitions,
} from '../../../reward/models/index.ts';
import { initPhysics } from '../../../sim/index.ts';
import { randomAction, randomCloud, syntheticPairs } from './fixtures.ts';

beforeAll(() => initPhysics());

/** A small explicit config (fast to train). */
const SMALL = { points: 32, pointSizes: [16], actionSizes: [16], fuse: 16, headSizes: [8], seed: 3 };

/**
 * Transitions whose target is a function of state and action (the cloud's mean shifts by
 * p1 − p0 scaled by how close p0 is to the cloud), standing in for physics in a fast test.
 */
function syntheticTransitions(n: number, seed: number): PhysicsTransitions {
  const rng = makeRng(seed);
  const states = Array.from({ length: n / 4 }, () => randomCloud(rng, 32));
  const stateOf = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 4));
  const actions = new Float32Array(n * 6),
    targets = new Float32Array(n * PHYSICS_TARGET_DIMS);
  for (let i = 0; i < n; i++) {
    const a = randomAction(rng),
      c = states[stateOf[i]];
    let d = Infinity;
    for (let k = 0; k < c.length; k += 3) d = Math.min(d, Math.hypot(c[k] - a.p0[0], c[k + 1] - a.p0[1]));
    const contact = Math.exp(-4 * d);
    actions.set([...a.p0, ...a.p1], 6 * i);
    targets.set([contact * (a.p1[0] - a.p0[0]), contact * (a.p1[1] - a.p0[1])], PHYSICS_TARGET_DIMS * i);
  }
  return {
    states,
    origins: new Float32Array(states.length * 3),
    episodes: Int32Array.from(states, (_, s) => s),
    stateOf,
    actions,
    targets,
  };
}

describe('physics targets of free rollouts', () => {
  test('a translated cloud shifts its mean by the translation / scale and keeps its second moments', () => {
    const pts = Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0]);
    const pre = { points: pts, center: [0.5, 0.2, 0] as [number, number, number], scale: 2 };
    // The same object 0.4 m along x: its normalised points are the same, its centre moved.
    const post = { points: pts, center: [0.9, 0.2, 0] as [number, number, number], scale: 2 };
    const t = physicsTarget(pre, post);
    expect(t[0]).toBeCloseTo(0.2, 6);
    expect(t[1]).toBeCloseTo(0, 6);
    for (let k = 3; k < 9; k++) expect(t[k]).toBeCloseTo(0, 6);
    // Turned a quarter about z: the spread moves from x to y.
    const wide = Float32Array.from([-1, 0, 0, 1, 0, 0]),
      tall = Float32Array.from([0, -1, 0, 0, 1, 0]);
    const r = physicsTarget(
      { points: wide, center: [0, 0, 0], scale: 1 },
      { points: tall, center: [0, 0, 0], scale: 1 },
    );
    expect(r[3]).toBeCloseTo(-1, 6);
    expect(r[4]).toBeCloseTo(1, 6);
  });

  test('push-T rollouts: one row per applied action, finite targets, some object motion', async () => {
    const d = await physicsRollouts('push-T', (scene) => standInPolicy(() => scene), {
      episodes: 2,
      steps: 2,
      actionsPerState: 3,
      seed: 500_000,
      points: 64,
    });
    expect(d.states).toHaveLength(4);
    expect(d.stateOf).toHaveLength(12);
    expect(d.targets).toHaveLength(12 * PHYSICS_TARGET_DIMS);
    expect(d.targets.every(Number.isFinite)).toBe(true);
    expect([...d.episodes]).toEqual([500_000, 500_000, 500_001, 500_001]);
    const moved = Array.from({ length: 12 }, (_, i) => Math.hypot(d.targets[9 * i], d.targets[9 * i + 1])).filter(
      (m) => m > 1e-3,
    );
    expect(moved.length).toBeGreaterThan(0);
  }, 120_000);
});

describe('pretraining the explicit encoder, then fine-tuning on preferences', () => {
  test('pretraining lowers its own training and held-out loss', async () => {
    const r = await pretrainExplicitEncoder(syntheticTransitions(320, 1), SMALL, { epochs: 12, heldOut: 0.2 });
    expect(r.heldOutTransitions).toBeGreaterThan(0);
    expect(r.losses.at(-1)!).toBeLessThan(0.8 * r.losses[0]);
    expect(r.heldOutLosses.at(-1)!).toBeLessThan(r.heldOutLosses[0]);
  }, 120_000);

  test('fine-tuning starts from the pretrained encoder in every member; a mismatch is refused by field', async () => {
    const pre = await pretrainExplicitEncoder(syntheticTransitions(64, 2), SMALL, { epochs: 2 });
    const cfg = parseExplicitConfig({ ...SMALL, ensemble: 2, lr: 1e-12, weightDecay: 0, epochs: 1, validation: 0 });
    const enc = readPretrainedEncoder(pre.bytes, cfg);
    expect(enc.map(([n]) => n)).toContain('point.0.w');
    expect(enc.some(([n]) => n.startsWith('head'))).toBe(false); // only the encoder transfers
    const { data } = syntheticPairs(makeRng(4), 10, 40);
    const tuned = await trainExplicit(data, cfg, { pretrained: enc });
    const plain = await trainExplicit(data, cfg);
    try {
      const got = loadCheckpoint(tuned.model.bytes).params,
        base = loadCheckpoint(plain.model.bytes).params;
      for (const [name, want] of enc) {
        for (const m of ['m0', 'm1']) {
          const v = got.get(`${m}.${name}`)!.data;
          expect(v.reduce((mx, x, i) => Math.max(mx, Math.abs(x - want[i])), 0)).toBeLessThan(1e-6);
        }
      }
      const w = base.get('m0.point.0.w')!.data,
        p = enc.find(([n]) => n === 'point.0.w')![1];
      expect(w.some((x, i) => Math.abs(x - p[i]) > 1e-4)).toBe(true); // without it, the seed's init
    } finally {
      await tuned.model.free();
      await plain.model.free();
    }
    expect(() => readPretrainedEncoder(pre.bytes, parseExplicitConfig({ ...SMALL, fuse: 32 }))).toThrow(
      /field architecture\.encoder\.fuse/,
    );
  }, 120_000);
});
