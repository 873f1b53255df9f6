import { afterEach, describe, expect, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';
import {
  batchStream,
  bceWithLogits,
  bradleyTerryLoss,
  gatherRows,
  Graph,
  makeTrainer,
  mlp,
  mseLoss,
  tensor,
  type OptimizerConfigInput,
  type Trainer,
} from '../../nn/index.ts';
import { btPairs, sinData, spearman, twoMoons } from './fixtures.ts';

const live: Trainer[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((t) => t.free()));
});

/** Builds and trains the sin(x) regressor; returns per-step losses and the trainer. */
async function trainSin(seed: number, steps: number, optimizer: OptimizerConfigInput = { lr: 1e-2 }) {
  const rng = makeRng(seed);
  const g = new Graph();
  const x = g.input('x', ['B', 1]);
  const target = g.input('y', ['B', 1]);
  const pred = mlp(g, x, { name: 'net', sizes: [32, 32, 1], activation: 'tanh' }, rng.fork());
  g.output('pred', pred);
  const trainer = await makeTrainer(g, { loss: mseLoss(pred, target), optimizer });
  live.push(trainer);
  const data = sinData(512, rng.fork());
  const batches = batchStream(512, 64, rng.fork());
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const idx = batches.next().value as Int32Array;
    const r = await trainer.step({
      x: tensor(gatherRows(data.x, 1, idx), [idx.length, 1]),
      y: tensor(gatherRows(data.y, 1, idx), [idx.length, 1]),
    });
    losses.push(r.loss);
  }
  return { g, trainer, losses, data };
}

describe('training drives the loss down', () => {
  test('regress sin(x)', async () => {
    const { trainer, losses, data } = await trainSin(1, 400);
    const full = await trainer.evaluate({ x: tensor(data.x, [512, 1]), y: tensor(data.y, [512, 1]) });
    expect(losses[0]).toBeGreaterThan(0.1);
    expect(full.loss).toBeLessThan(0.01);
  });

  test('classify two moons', async () => {
    const rng = makeRng(2);
    const g = new Graph();
    const x = g.input('x', ['B', 2]);
    const label = g.input('label', ['B', 1]);
    const logit = mlp(g, x, { name: 'clf', sizes: [32, 32, 1], activation: 'relu' }, rng.fork());
    const trainer = await makeTrainer(g, {
      loss: bceWithLogits(logit, label),
      outputs: { logit },
      optimizer: { kind: 'adamw', lr: 1e-2, weightDecay: 1e-4 },
    });
    live.push(trainer);
    const data = twoMoons(400, 0.1, rng.fork());
    const batches = batchStream(400, 64, rng.fork());
    for (let s = 0; s < 400; s++) {
      const idx = batches.next().value as Int32Array;
      await trainer.step({
        x: tensor(gatherRows(data.x, 2, idx), [idx.length, 2]),
        label: tensor(gatherRows(data.y, 1, idx), [idx.length, 1]),
      });
    }
    const { loss, outputs } = await trainer.evaluate({ x: tensor(data.x, [400, 2]), label: tensor(data.y, [400, 1]) });
    const z = outputs.logit.data as Float32Array;
    let correct = 0;
    for (let i = 0; i < 400; i++) correct += (z[i] > 0 ? 1 : 0) === data.y[i] ? 1 : 0;
    expect(loss).toBeLessThan(0.1);
    expect(correct / 400).toBeGreaterThan(0.97);
  });

  test('Bradley–Terry fit recovers the order of known scores', async () => {
    const rng = makeRng(3);
    const scores = [1.5, -0.5, 2.5, 0, -2, 1, -1, 3, 0.5, -3];
    const k = scores.length;
    const g = new Graph();
    const a = g.input('a', ['B', k]),
      b = g.input('b', ['B', k]),
      y = g.input('y', ['B', 1]);
    const w = g.param('r.w', [k, 1], new Float32Array(k)); // one score per item: r(a) = a·w
    const loss = bradleyTerryLoss(a.matmul(w), b.matmul(w), y);
    const trainer = await makeTrainer(g, { loss, optimizer: { lr: 5e-2 } });
    live.push(trainer);
    const data = btPairs(scores, 3000, rng.fork());
    const batches = batchStream(3000, 128, rng.fork());
    const first = (
      await trainer.evaluate({
        a: tensor(data.a, [3000, k]),
        b: tensor(data.b, [3000, k]),
        y: tensor(data.y, [3000, 1]),
      })
    ).loss;
    for (let s = 0; s < 400; s++) {
      const idx = batches.next().value as Int32Array;
      await trainer.step({
        a: tensor(gatherRows(data.a, k, idx), [idx.length, k]),
        b: tensor(gatherRows(data.b, k, idx), [idx.length, k]),
        y: tensor(gatherRows(data.y, 1, idx), [idx.length, 1]),
      });
    }
    const last = (
      await trainer.evaluate({
        a: tensor(data.a, [3000, k]),
        b: tensor(data.b, [3000, k]),
        y: tensor(data.y, [3000, 1]),
      })
    ).loss;
    expect(first).toBeCloseTo(Math.log(2), 5);
    expect(last).toBeLessThan(first - 0.1);
    expect(spearman(g.paramData.get(w.id) as Float32Array, scores)).toBeGreaterThan(0.95);
  });
});

describe('trainer behaviour', () => {
  test('the same seed gives bit-identical losses; another seed does not', async () => {
    const a = (await trainSin(7, 30)).losses;
    const b = (await trainSin(7, 30)).losses;
    const c = (await trainSin(8, 30)).losses;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  test('one session serves any batch size, and evaluate matches the loss before the step', async () => {
    const { trainer, data } = await trainSin(4, 1);
    for (const n of [1, 5, 64]) {
      const feeds = { x: tensor(data.x.subarray(0, n), [n, 1]), y: tensor(data.y.subarray(0, n), [n, 1]) };
      const ev = await trainer.evaluate(feeds);
      const st = await trainer.step(feeds);
      expect(st.loss).toBeCloseTo(ev.loss, 6);
      expect((await trainer.evaluate(feeds)).loss).not.toBe(ev.loss);
    }
  });

  test('only the chosen parameters move; gradients() does not update', async () => {
    const rng = makeRng(9);
    const g = new Graph();
    const x = g.input('x', ['B', 2]);
    const h = mlp(g, x, { name: 'frozen', sizes: [4] }, rng);
    const y = mlp(g, h, { name: 'head', sizes: [1] }, rng);
    const head = g
      .params()
      .filter((p) => p.name.startsWith('head.'))
      .map((p) => g.paramByName(p.name));
    const before = g.params().map((p) => p.data.slice());
    const trainer = await makeTrainer(g, { loss: y.square().mean(), params: head, optimizer: { lr: 0.1 } });
    live.push(trainer);
    const feeds = { x: tensor(Float32Array.from([1, 2, -1, 0.5]), [2, 2]) };
    const { grads } = await trainer.gradients(feeds);
    expect([...grads.keys()]).toEqual(['head.0.w', 'head.0.b']);
    expect(g.params().map((p) => p.data)).toEqual(before);
    await trainer.step(feeds);
    for (const [k, p] of g.params().entries()) {
      if (p.name.startsWith('frozen.')) expect(p.data).toEqual(before[k]);
      else expect(p.data).not.toEqual(before[k]);
    }
  });

  test('wrong feeds are refused with names and shapes', async () => {
    const { trainer } = await trainSin(5, 0);
    await expect(trainer.step({ x: tensor(new Float32Array(4), [4, 1]) })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: Trainer: feeds must be exactly {x, y}; missing y]`,
    );
    await expect(
      trainer.step({ x: tensor(new Float32Array(4), [4, 1]), y: tensor(new Float32Array(3), [3, 1]) }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[Error: Trainer: input 'y' expected shape [B,1], got [3,1] (with B=4)]`,
    );
  });

  test('free() is idempotent and use after free fails clearly', async () => {
    const { trainer, data } = await trainSin(6, 0);
    await trainer.free();
    await trainer.free();
    await expect(
      trainer.step({ x: tensor(data.x.subarray(0, 2), [2, 1]), y: tensor(data.y.subarray(0, 2), [2, 1]) }),
    ).rejects.toThrow(/used after free/);
  });
});
