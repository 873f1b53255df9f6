import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';
import { loadCheckpoint } from '../../nn/index.ts';
import {
  DiffusionPolicy,
  demoRowsFor,
  mixWithDemos,
  runRaft,
  topK,
  trainPolicy,
  type RaftScorer,
} from '../../policy/index.ts';
import { getTask, initPhysics, Scene, type Action } from '../../sim/index.ts';
import { syntheticDemos, TINY_NET } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-raft-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A synthetic reward that prefers pushes starting far along +x of the observation frame. */
const xReward = (a: Action) => a.p0[0];
const score: RaftScorer = async (_scene, _obs, actions) => Float32Array.from(actions, xReward);

/** Mean reward of 32 samples per state on a fixed set of push-T states, same noise for every policy. */
async function meanSampleReward(file: string): Promise<number> {
  const policy = await DiffusionPolicy.open(file);
  let sum = 0,
    n = 0;
  try {
    for (let s = 0; s < 4; s++) {
      const scene = Scene.create(getTask('push-T'), 500 + s);
      try {
        const obs = scene.observe(policy.points, makeRng(s));
        for (const a of await policy.sample(obs, 32, makeRng(100 + s))) {
          sum += xReward(a);
          n++;
        }
      } finally {
        scene.free();
      }
    }
  } finally {
    await policy.free();
  }
  return sum / n;
}

describe('RAFT', () => {
  const base = join(dir, 'base.onnx');
  const demos = syntheticDemos('push-T', 24, 32, 2, 1);
  beforeAll(async () => {
    await initPhysics();
    await trainPolicy(demos, {
      network: TINY_NET,
      train: { batchSize: 8, lr: 3e-3, warmupSteps: 2, epochs: 15, seed: 1 },
      out: base,
    });
  }, 60_000);

  test('topK orders the best first and breaks ties by index', () => {
    expect(topK([0.1, 0.9, 0.5, 0.9], 3)).toEqual([1, 3, 2]);
    expect(topK([1], 4)).toEqual([0]);
  });

  test('the mixed set holds every kept action and demo rows in the asked proportion', () => {
    const kept = syntheticDemos('push-T', 5, 32, 2, 7);
    const { mixed, keptRows, demoRows } = mixWithDemos(kept, demos, 0.5, makeRng(1));
    expect(keptRows).toBe(10);
    expect(demoRows).toBe(demoRowsFor(10, 0.5));
    expect(demoRows).toBe(10);
    expect(mixed.states).toBe(20);
    expect(mixed.alternatives).toBe(1);
    // The first rows are the kept ones, state-major, alternatives in order.
    expect(Array.from(mixed.actions.subarray(6, 12))).toEqual(Array.from(kept.actions.subarray(6, 12)));
    // Every demo row is one of the demo set's actions.
    const demoActions = new Set(
      Array.from({ length: 48 }, (_, i) => Array.from(demos.actions.subarray(i * 6, i * 6 + 6)).join(',')),
    );
    for (let r = 10; r < 20; r++)
      expect(demoActions.has(Array.from(mixed.actions.subarray(r * 6, r * 6 + 6)).join(','))).toBe(true);
    expect(mixed.info['demo.states']).toBe(24);
    expect(mixWithDemos(kept, null, 0.5, makeRng(1)).demoRows).toBe(0);
    expect(() => mixWithDemos(kept, syntheticDemos('push-T', 4, 16), 0.5, makeRng(1))).toThrow(
      /16 points per observation/,
    );
  });

  test('fine-tuning on the top k moves the samples toward the kept actions', async () => {
    const out = join(dir, 'raft.onnx');
    const record = await runRaft({
      policy: base,
      score,
      demos,
      out,
      truth: async (_s, _o, actions) => actions.map((a) => -xReward(a)),
      config: {
        states: 12,
        candidates: 16,
        keep: 2,
        episodeSteps: 3,
        epochs: 30,
        lr: 3e-3,
        batchSize: 8,
        demoWeight: 0.3,
        seed: 2,
      },
      provenance: { reward: 'x-reward' },
    });
    // The kept candidates score above the average candidate (the selection did something).
    expect(record.data.meanScoreKept).toBeGreaterThan(record.data.meanScoreAll);
    expect(record.data.keptRows).toBe(24);
    // The truth scorer is measured on the same candidates (here the negated reward: the kept are its worst).
    expect(record.data.truthKept).toBeCloseTo(-record.data.meanScoreKept, 5);
    expect(record.data.truthAll).toBeCloseTo(-record.data.meanScoreAll, 5);
    expect(record.data.demoRows).toBe(demoRowsFor(24, 0.3));
    const before = await meanSampleReward(base),
      after = await meanSampleReward(out);
    expect(after).toBeGreaterThan(before + 0.1 * (record.data.meanScoreKept - record.data.meanScoreAll));
    expect(after).toBeGreaterThan(before);
    // The record beside the file says how it was made, and the checkpoint keeps the base's normaliser.
    const saved = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
    expect(saved).toMatchObject({
      kind: 'policy',
      method: 'raft',
      task: 'push-T',
      reward: 'x-reward',
      base: { file: base },
    });
    expect(saved.sha256).toBe(record.sha256);
    const a = loadCheckpoint(out).meta.architecture as { actionRange: unknown },
      b = loadCheckpoint(base).meta.architecture as { actionRange: unknown };
    expect(a.actionRange).toEqual(b.actionRange);
    expect(loadCheckpoint(out).meta.paramsHash).not.toBe(loadCheckpoint(base).meta.paramsHash);
  }, 120_000);

  test('init and resume together are refused', async () => {
    await expect(trainPolicy(demos, { init: base, resume: base })).rejects.toThrow(/resume or init, not both/);
    expect(existsSync(base)).toBe(true);
  });
});
