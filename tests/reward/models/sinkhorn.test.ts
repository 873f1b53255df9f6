import { describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { Graph, makeInferenceModel, makeTrainer, tensor } from '../../../nn/index.ts';
import { costMatrix, cosineCost, euclideanCost, euclideanCostGraph, otRewards, sinkhorn, sinkhornGraph } from '../../../reward/models/index.ts';

function randomCost(t: number, u: number, seed: number): Float64Array {
  const rng = makeRng(seed);
  return Float64Array.from({ length: t * u }, () => rng.uniform(0, 2));
}

describe('Sinkhorn (pure)', () => {
  test('the plan has uniform marginals within tolerance', () => {
    const c = randomCost(7, 5, 1);
    const { plan, iterations } = sinkhorn(c, 7, 5, { eps: 1, tol: 1e-9 });
    expect(iterations).toBeLessThan(1000);
    for (let i = 0; i < 7; i++) expect([0, 1, 2, 3, 4].reduce((s, j) => s + plan[i * 5 + j], 0)).toBeCloseTo(1 / 7, 8);
    for (let j = 0; j < 5; j++) expect([0, 1, 2, 3, 4, 5, 6].reduce((s, i) => s + plan[i * 5 + j], 0)).toBeCloseTo(1 / 5, 8);
  });

  test('small ε concentrates the plan on the cheap assignment', () => {
    // Identity-like cost: matching i ↔ i is free, everything else costs 1.
    const c = Float64Array.from({ length: 16 }, (_, k) => (k % 5 === 0 ? 0 : 1));
    const { plan } = sinkhorn(c, 4, 4, { eps: 0.05 });
    for (let i = 0; i < 4; i++) expect(plan[i * 5]).toBeGreaterThan(0.24);
    expect(otRewards(c, plan, 4, 4).reduce((a, b) => a + b, 0)).toBeGreaterThan(-1e-3);
  });

  test('cosine cost is 0 for parallel rows and 2 for opposite rows', () => {
    const c = cosineCost(Float32Array.from([1, 0, 0, 2]), Float32Array.from([3, 0, -1, 0]), 2);
    expect([...c]).toEqual([0, 2, 1, 1]);
  });
});

describe('the cost option', () => {
  test('Euclidean and cosine costs give different plans for the same embeddings', () => {
    // Rows of x are parallel to y's first row but at different lengths: cosine cannot tell them apart.
    const x = Float32Array.from([1, 0, 4, 0]), y = Float32Array.from([1, 0, 0, 1]);
    const pe = sinkhorn(costMatrix('euclidean', x, y, 2), 2, 2, { eps: 0.1 }).plan;
    const pc = sinkhorn(costMatrix('cosine', x, y, 2), 2, 2, { eps: 0.1 }).plan;
    const diff = pe.reduce((m, v, i) => Math.max(m, Math.abs(v - pc[i])), 0);
    expect(diff).toBeGreaterThan(0.1);
    expect([...euclideanCost(x, y, 2)].map((v) => +v.toFixed(4))).toEqual([0, 1.4142, 3, 4.1231]);
  });

  test('large Euclidean costs do not underflow the plan (rows shifted by their minimum)', () => {
    const c = Float64Array.from([900, 901, 902, 900]);
    const { plan } = sinkhorn(c, 2, 2, { eps: 1 });
    expect(plan.every(Number.isFinite)).toBe(true);
    expect(plan[0] + plan[1]).toBeCloseTo(0.5, 6);
  });

  test('the graph Euclidean cost matches the pure one', async () => {
    const rng = makeRng(4);
    const x = Float32Array.from({ length: 3 * 4 }, () => rng.normal()), y = Float32Array.from({ length: 5 * 4 }, () => rng.normal());
    const g = new Graph();
    g.output('c', euclideanCostGraph(g.input('x', [1, 3, 4]), g.input('y', [1, 5, 4])));
    const m = await makeInferenceModel(g);
    try {
      const got = (await m.run({ x: tensor(x, [1, 3, 4]), y: tensor(y, [1, 5, 4]) })).c.data as Float32Array;
      const want = euclideanCost(x, y, 4);
      want.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 3));
    } finally {
      await m.free();
    }
  });
});

describe('Sinkhorn unrolled in the graph', () => {
  test('forward matches the pure solver', async () => {
    const t = 5, u = 4;
    const c = randomCost(t, u, 2);
    const g = new Graph();
    const cin = g.input('c', ['B', t, u]);
    const { plan, reward } = sinkhornGraph(cin, 1, 60);
    g.output('plan', plan);
    g.output('reward', reward);
    const m = await makeInferenceModel(g);
    try {
      const out = await m.run({ c: tensor(Float32Array.from(c), [1, t, u]) });
      const ref = sinkhorn(c, t, u, { eps: 1, tol: 1e-12 });
      const p = out.plan.data as Float32Array;
      for (let k = 0; k < t * u; k++) expect(p[k]).toBeCloseTo(ref.plan[k], 5);
      expect((out.reward.data as Float32Array)[0]).toBeCloseTo(otRewards(c, ref.plan, t, u).reduce((a, b) => a + b, 0), 5);
    } finally {
      await m.free();
    }
  });

  test('gradients of R through the unrolled plan match central finite differences', async () => {
    const t = 4, u = 3;
    const c0 = Float32Array.from(randomCost(t, u, 3));
    const g = new Graph();
    const c = g.param('c', [1, t, u], c0.slice());
    const { reward } = sinkhornGraph(c, 1, 40);
    const loss = reward.sum();
    const trainer = await makeTrainer(g, { loss, outputs: { r: reward } });
    try {
      const { grads } = await trainer.gradients({});
      const analytic = grads.get('c')!;
      // Central differences in float64 with the pure solver (same fixed point).
      const h = 1e-4;
      let maxGrad = 0;
      for (let k = 0; k < t * u; k++) {
        const f = (d: number) => {
          const cc = Float64Array.from(c0);
          cc[k] += d;
          const { plan } = sinkhorn(cc, t, u, { eps: 1, tol: 1e-13, maxIter: 5000 });
          return otRewards(cc, plan, t, u).reduce((a, b) => a + b, 0);
        };
        const numeric = (f(h) - f(-h)) / (2 * h);
        maxGrad = Math.max(maxGrad, Math.abs(numeric));
        expect(Math.abs(analytic[k] - numeric)).toBeLessThan(1e-3 + 1e-2 * Math.abs(numeric));
      }
      expect(maxGrad).toBeGreaterThan(0.01);
    } finally {
      await trainer.free();
    }
  });
});
