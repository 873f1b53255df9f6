import { describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { Graph, makeInferenceModel, makeTrainer, tensor } from '../../../nn/index.ts';
import {
  costMatrix,
  cosineCost,
  euclideanCost,
  euclideanCostGraph,
  otRewards,
  sinkhorn,
  sinkhornGraph,
} from '../../../reward/models/index.ts';

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
    for (let j = 0; j < 5; j++)
      expect([0, 1, 2, 3, 4, 5, 6].reduce((s, i) => s + plan[i * 5 + j], 0)).toBeCloseTo(1 / 5, 8);
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

/** Plain Sinkhorn–Knopp (no ε-scaling, no over-relaxation): the reference the solver must agree with. */
function plainSinkhorn(c: Float64Array, t: number, u: number, eps: number, iters: number): Float64Array {
  const k = new Float64Array(t * u);
  for (let i = 0; i < t; i++) {
    let m = Infinity;
    for (let j = 0; j < u; j++) m = Math.min(m, c[i * u + j]);
    for (let j = 0; j < u; j++) k[i * u + j] = Math.exp(-(c[i * u + j] - m) / eps);
  }
  const ur = new Float64Array(t).fill(1),
    vr = new Float64Array(u).fill(1);
  for (let it = 0; it < iters; it++) {
    for (let i = 0; i < t; i++) {
      let s = 0;
      for (let j = 0; j < u; j++) s += k[i * u + j] * vr[j];
      ur[i] = 1 / t / s;
    }
    for (let j = 0; j < u; j++) {
      let s = 0;
      for (let i = 0; i < t; i++) s += k[i * u + j] * ur[i];
      vr[j] = 1 / u / s;
    }
  }
  return Float64Array.from(k, (v, idx) => ur[Math.floor(idx / u)] * v * vr[idx % u]);
}

/** Embedded frames of a smooth trajectory (a random walk), so near frames are near: a wide Euclidean cost. */
function walk(t: number, d: number, step: number, seed: number): Float32Array {
  const rng = makeRng(seed),
    x = new Float32Array(t * d);
  for (let i = 1; i < t; i++) for (let k = 0; k < d; k++) x[i * d + k] = x[(i - 1) * d + k] + step * rng.normal();
  return x;
}

describe('Sinkhorn on wide Euclidean costs (trained encoders, 45 frames)', () => {
  test("ε-scaling and over-relaxation converge within the cap to the plain solver's plan", () => {
    for (const seed of [1, 2, 3]) {
      const c = euclideanCost(walk(45, 32, 2, seed), walk(45, 32, 2, seed + 100), 32);
      const range = Math.max(...c) - Math.min(...c);
      expect(range).toBeGreaterThan(64); // wide enough for ε-scaling (≥ 4 stages) at ε = 1
      const r = sinkhorn(c, 45, 45, { eps: 1, tol: 1e-6, maxIter: 1000 });
      expect(r.stages).toBeGreaterThanOrEqual(4);
      expect(r.iterations).toBeLessThan(1000);
      expect(r.error).toBeLessThan(1e-6);
      const ref = plainSinkhorn(c, 45, 45, 1, 20_000);
      const R = otRewards(c, r.plan, 45, 45).reduce((a, b) => a + b, 0),
        Rref = otRewards(c, ref, 45, 45).reduce((a, b) => a + b, 0);
      expect(Math.abs(R - Rref) / Math.abs(Rref)).toBeLessThan(1e-4);
      expect(r.plan.reduce((m, v, i) => Math.max(m, Math.abs(v - ref[i])), 0)).toBeLessThan(1e-5);
    }
  });

  test('a narrow cost runs one plain stage, as before', () => {
    const r = sinkhorn(randomCost(45, 45, 9), 45, 45, { eps: 1 });
    expect(r.stages).toBe(1);
    expect(r.error).toBeLessThan(1e-6);
  });

  test('the iteration cap holds over all stages', () => {
    const c = euclideanCost(walk(45, 32, 4, 5), walk(45, 32, 4, 6), 32);
    expect(sinkhorn(c, 45, 45, { eps: 1, tol: 1e-14, maxIter: 40 }).iterations).toBeLessThanOrEqual(40);
  });
});

describe('the cost option', () => {
  test('Euclidean and cosine costs give different plans for the same embeddings', () => {
    // Rows of x are parallel to y's first row but at different lengths: cosine cannot tell them apart.
    const x = Float32Array.from([1, 0, 4, 0]),
      y = Float32Array.from([1, 0, 0, 1]);
    const pe = sinkhorn(costMatrix('euclidean', x, y, 2), 2, 2, { eps: 0.1 }).plan;
    const pc = sinkhorn(costMatrix('cosine', x, y, 2), 2, 2, { eps: 0.1 }).plan;
    const diff = pe.reduce((m, v, i) => Math.max(m, Math.abs(v - pc[i])), 0);
    expect(diff).toBeGreaterThan(0.1);
    // biome-ignore lint/suspicious/noApproximativeNumericConstant: √2 rounded to the four decimals compared
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
    const x = Float32Array.from({ length: 3 * 4 }, () => rng.normal()),
      y = Float32Array.from({ length: 5 * 4 }, () => rng.normal());
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
    const t = 5,
      u = 4;
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
      expect((out.reward.data as Float32Array)[0]).toBeCloseTo(
        otRewards(c, ref.plan, t, u).reduce((a, b) => a + b, 0),
        5,
      );
    } finally {
      await m.free();
    }
  });

  test('gradients of R through the unrolled plan match central finite differences', async () => {
    const t = 4,
      u = 3;
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

  test('a cost range far beyond 87 ε (float32 exp underflow) gives a finite plan, right marginals', async () => {
    // Wide Euclidean costs, as embeddings spread during training: column 0 is never a row's
    // cheapest, and its exp(−(C − row min)) underflows to 0 in float32 (the scaling form's 0/0).
    const t = 4,
      u = 3;
    const c = Float64Array.from(
      [0, 300, 150, 10, 290, 0, 5, 400, 1, 2, 310, 0].map((x, k) => (k % 3 === 0 ? x + 200 : x)),
    );
    const g = new Graph();
    const cin = g.input('c', ['B', t, u]);
    const { plan, reward } = sinkhornGraph(cin, 1, 200);
    g.output('plan', plan);
    g.output('reward', reward);
    const m = await makeInferenceModel(g);
    try {
      const out = await m.run({ c: tensor(Float32Array.from(c), [1, t, u]) });
      const p = out.plan.data as Float32Array;
      expect([...p].every(Number.isFinite)).toBe(true);
      for (let j = 0; j < u; j++) expect(p[j] + p[u + j] + p[2 * u + j] + p[3 * u + j]).toBeCloseTo(1 / u, 4);
      const ref = sinkhorn(c, t, u, { eps: 1, tol: 1e-10, maxIter: 100_000 });
      for (let k = 0; k < t * u; k++) expect(p[k]).toBeCloseTo(ref.plan[k], 3);
      expect(Number.isFinite((out.reward.data as Float32Array)[0])).toBe(true);
    } finally {
      await m.free();
    }
  });
});
