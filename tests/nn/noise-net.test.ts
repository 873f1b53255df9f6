/**
 * The shape of network policy/ and reward/ will build: PointNet observation code, sinusoidal time
 * embedding, FiLM-conditioned MLP over [B, 6] actions. Checked end to end: gradients, training,
 * export, batch- and point-count-agnostic inference.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { makeRng, type Rng } from '../../core/rng.ts';
import {
  checkpointBytes,
  film,
  Graph,
  linear,
  loadCheckpoint,
  makeInferenceModel,
  makeTrainer,
  mseLoss,
  openModel,
  pointNetEncoder,
  signatureOf,
  tensor,
  timeEmbedding,
  type Activation,
  type InferenceModel,
  type Tensor,
  type Trainer,
} from '../../nn/index.ts';
import { gradCheck } from './gradcheck.ts';

const owners: (Trainer | InferenceModel)[] = [];
afterEach(async () => {
  await Promise.all(owners.splice(0).map((o) => o.free()));
});

/** ε_θ(a_t, t, obs): [B,6] x [B] x [B,N,3] → [B,6]. */
function noiseNet(g: Graph, a: Tensor, t: Tensor, pts: Tensor, rng: Rng, act: Activation = 'relu'): Tensor {
  const code = pointNetEncoder(g, pts, { name: 'enc', sizes: [16, 32], out: 24, activation: act }, rng); // [B, 24]
  const cond = g.concat([code, timeEmbedding(g, t, 8)], 1); // [B, 32]
  let h = linear(g, a, { name: 'in', out: 32 }, rng); // [B, 32]
  h = film(g, h, cond, { name: 'film', zeroInit: false }, rng);
  h = act === 'relu' ? h.relu() : h.mul(h.sigmoid());
  return linear(g, h, { name: 'out', out: 6, init: 'xavier' }, rng); // [B, 6]
}

function batch(b: number, n: number, rng: Rng) {
  const r = (k: number, s = 1) => new Float32Array(k).map(() => s * rng.normal());
  return {
    a: tensor(r(b * 6), [b, 6]),
    t: tensor(
      new Float32Array(b).map(() => rng.int(100)),
      [b],
    ),
    points: tensor(r(b * n * 3, 0.5), [b, n, 3]),
    eps: tensor(r(b * 6), [b, 6]),
  };
}

describe('FiLM-conditioned noise network', () => {
  test('gradients of the whole network match finite differences', async () => {
    const r = await gradCheck({
      build: (g, p) => {
        const a = p([2, 6]),
          pts = p([2, 5, 3], (rng) => rng.uniform(-1, 1)),
          t = p([2], (rng) => rng.uniform(0, 2));
        const y = noiseNet(g, a, t, pts, makeRng(3), 'silu');
        return {
          out: y,
          wrt: [
            a,
            pts,
            t,
            ...g
              .params()
              .filter((q) => !/^p\d/.test(q.name))
              .map((q) => g.paramByName(q.name)),
          ],
        };
      },
      // Max-pooling 32 channels over 5 points leaves near-ties within FD reach; those elements
      // are skipped (and bounded below), everything smooth must match.
      kinkAware: true,
    });
    expect(r.checked).toBeGreaterThan(2000);
    expect(r.skipped / r.checked).toBeLessThan(0.05);
    expect(r.worst, r.detail).toBeLessThanOrEqual(1);
  });

  test('trains, exports, and serves any batch size and point count with identical outputs', async () => {
    const rng = makeRng(1);
    const g = new Graph();
    const a = g.input('a', ['B', 6]),
      t = g.input('t', ['B']),
      pts = g.input('points', ['B', 'N', 3]),
      eps = g.input('eps', ['B', 6]);
    const pred = noiseNet(g, a, t, pts, rng.fork());
    g.output('eps_hat', pred);
    const trainer = await makeTrainer(g, {
      loss: mseLoss(pred, eps),
      outputs: { eps_hat: pred },
      optimizer: {
        kind: 'adamw',
        lr: 3e-3,
        weightDecay: 1e-4,
        clipNorm: 1,
        schedule: { kind: 'cosine', warmupSteps: 10, totalSteps: 150 },
      },
    });
    owners.push(trainer);
    const fixed = batch(16, 64, rng.fork());
    const first = (await trainer.step(fixed)).loss;
    let last = first;
    for (let s = 0; s < 150; s++) last = (await trainer.step(fixed)).loss;
    expect(last).toBeLessThan(0.5 * first);

    const bytes = checkpointBytes(g, { info: { architecture: { kind: 'noise-net' } }, trainer });
    const model = await openModel(bytes, { expect: signatureOf(g) });
    const inMemory = await makeInferenceModel(g);
    owners.push(model, inMemory);
    expect(loadCheckpoint(bytes).meta.optimizer?.step).toBe(151);
    for (const [b, n] of [
      [1, 32],
      [5, 100],
    ]) {
      const f = batch(b, n, rng);
      const { eps: _target, ...feeds } = f; // inference takes no target
      const during = (await trainer.evaluate(f)).outputs.eps_hat;
      const fromFile = (await model.run(feeds)).eps_hat;
      const fromGraph = (await inMemory.run(feeds)).eps_hat;
      expect(fromFile.shape).toEqual([b, 6]);
      expect(Array.from(fromFile.data as Float32Array)).toEqual(Array.from(fromGraph.data as Float32Array));
      const d = during.data as Float32Array,
        e = fromFile.data as Float32Array;
      for (let i = 0; i < d.length; i++) expect(Math.abs(d[i] - e[i])).toBeLessThan(1e-5);
    }
  });

  test('point order does not change the PointNet code', async () => {
    const g = new Graph();
    g.output('code', pointNetEncoder(g, g.input('points', ['B', 'N', 3]), { name: 'enc', sizes: [8, 16] }, makeRng(2)));
    const m = await makeInferenceModel(g);
    owners.push(m);
    const p = new Float32Array(30).map((_, i) => Math.sin(i * 1.7));
    const rev = new Float32Array(30);
    for (let i = 0; i < 10; i++) rev.set(p.subarray(3 * (9 - i), 3 * (10 - i)), 3 * i);
    const a = (await m.run({ points: tensor(p, [1, 10, 3]) })).code.data as Float32Array;
    const b = (await m.run({ points: tensor(rev, [1, 10, 3]) })).code.data as Float32Array;
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});
