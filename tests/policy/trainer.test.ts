import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';
import { loadCheckpoint } from '../../nn/index.ts';
import { DiffusionPolicy, fixedNoise, trainPolicy } from '../../policy/index.ts';
import { syntheticDemos, TINY_NET } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-policy-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const train = { batchSize: 8, lr: 3e-3, warmupSteps: 2 };

describe('trainPolicy', () => {
  test.each(['offsets', 'attention'] as const)('the loss falls on a tiny demo set (local code: %s)', async (kind) => {
    const network = { ...TINY_NET, localKind: kind };
    const r = await trainPolicy(syntheticDemos(), { network, train: { ...train, epochs: 40, seed: 1 } });
    expect(r.architecture.network.localKind).toBe(kind);
    expect(r.epochLosses.length).toBe(40);
    expect(r.steps).toBe(40 * 3);
    const first = r.epochLosses.slice(0, 3).reduce((a, b) => a + b) / 3;
    const last = r.epochLosses.slice(-3).reduce((a, b) => a + b) / 3;
    expect(last).toBeLessThan(0.7 * first);
  });

  test('resuming from a mid-run checkpoint gives the same weights and optimiser state as one run', async () => {
    const demos = syntheticDemos('rope-circle'); // rotation augmentation on: it must resume exactly too
    const whole = join(dir, 'whole.onnx'),
      half = join(dir, 'half.onnx'),
      resumed = join(dir, 'resumed.onnx');
    const a = await trainPolicy(demos, { network: TINY_NET, train: { ...train, epochs: 6, seed: 4 }, out: whole });
    expect(a.architecture.rotate).toBe(true);
    // Stop after 3 of 6 epochs (saveEvery), then resume to 6.
    await trainPolicy(demos, {
      network: TINY_NET,
      train: { ...train, epochs: 6, seed: 4 },
      out: half,
      saveEvery: 3,
      onEpoch: (p) => {
        if (p.epoch === 3) throw new Stop();
      },
    }).catch((e) => {
      if (!(e instanceof Stop)) throw e;
    });
    const mid = loadCheckpoint(half);
    expect(mid.meta.training.epochsDone).toBe(3);
    const r = await trainPolicy(demos, { resume: half, train: { epochs: 6 }, out: resumed });
    expect(r.startEpoch).toBe(3);
    expect(r.epochLosses.length).toBe(3);
    const x = loadCheckpoint(whole),
      y = loadCheckpoint(resumed);
    expect(y.meta.paramsHash).toBe(x.meta.paramsHash);
    expect(y.meta.optimizer?.step).toBe(x.meta.optimizer?.step);
    expect(y.meta.optimizer?.m).toEqual(x.meta.optimizer?.m);
    // And a different seed gives different weights (the comparison can fail).
    const other = join(dir, 'other.onnx');
    await trainPolicy(demos, { network: TINY_NET, train: { ...train, epochs: 6, seed: 5 }, out: other });
    expect(loadCheckpoint(other).meta.paramsHash).not.toBe(x.meta.paramsHash);
  });

  test('resume refuses other demos', async () => {
    const file = join(dir, 'r.onnx');
    await trainPolicy(syntheticDemos(), { network: TINY_NET, train: { ...train, epochs: 1 }, out: file });
    await expect(
      trainPolicy(syntheticDemos('push-T', 24, 32, 2, 9), { resume: file, train: { epochs: 2 } }),
    ).rejects.toThrow(/dataHash mismatch/);
  });

  test('the checkpoint loads as a policy that samples [N] valid actions, deterministic with fixed noise', async () => {
    const file = join(dir, 'p.onnx');
    const demos = syntheticDemos();
    await trainPolicy(demos, { network: TINY_NET, train: { ...train, epochs: 2 }, out: file });
    const policy = await DiffusionPolicy.open(file, { sampler: { steps: 5 } });
    try {
      expect(policy.primitive).toBe('push');
      const obs = {
        points: demos.obs.slice(0, 32 * 3),
        center: [0.01, 0.02, 0] as [number, number, number],
        scale: 0.15,
      };
      const acts = await policy.sample(obs, 7, makeRng(1));
      expect(acts.length).toBe(7);
      for (const a of acts) {
        expect(a.primitive).toBe('push');
        for (const v of [...a.p0, ...a.p1]) expect(Number.isFinite(v)).toBe(true);
        // inside the push-T workspace (|x|,|y| ≤ 0.45 m) in the world frame
        for (const p of [a.p0, a.p1])
          for (const i of [0, 1]) expect(Math.abs(p[i] * obs.scale + obs.center[i])).toBeLessThanOrEqual(0.45);
      }
      const noise = () =>
        fixedNoise(Array.from({ length: 6 }, (_, i) => new Float32Array(7 * 6).map((_, j) => Math.sin(i * 31 + j))));
      const r1 = await policy.sampleRows(obs, 7, noise());
      const r2 = await policy.sampleRows(obs, 7, noise());
      expect(Array.from(r2)).toEqual(Array.from(r1));
      const r3 = await policy.sampleRows(obs, 7, noise(), { steps: 10, eta: 0 });
      expect(Array.from(r3)).not.toEqual(Array.from(r1));
    } finally {
      await policy.free();
    }
    await expect(
      policy.sample({ points: new Float32Array(9), center: [0, 0, 0], scale: 1 }, 2, makeRng(1)),
    ).rejects.toThrow(/after free/);
  });
});

class Stop extends Error {}
