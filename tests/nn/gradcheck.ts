/**
 * Gradient check helper: analytic gradients from the ONNX backward graph vs central finite
 * differences of the forward graph (both run by onnxruntime-node, float32).
 * The loss is sum(out ⊙ R) with a fixed random R, so every output element matters.
 */
import { makeRng, type Rng } from '../../core/rng.ts';
import { Graph, makeTrainer, type Feeds, type Tensor } from '../../nn/index.ts';

export interface GradCase {
  /** Builds the op under test; returns its result and the tensors to differentiate. */
  build: (g: Graph, p: ParamMaker) => { out: Tensor; wrt: Tensor[] };
  feeds?: Feeds;
  eps?: number;
  atol?: number;
  rtol?: number;
  /**
   * Skip elements whose one-sided differences disagree (the FD stencil straddles a kink, e.g. a
   * near-tie in a max-pool). Skips are counted in the report so tests can bound them.
   */
  kinkAware?: boolean;
}

/** Makes parameters with values drawn by `fill` (default U(-1, 1)). */
export type ParamMaker = (shape: number[], fill?: (rng: Rng, i: number) => number) => Tensor;

export interface GradReport {
  /** Largest |analytic − numeric| / (atol + rtol·|numeric|); ≤ 1 passes. */
  worst: number;
  /** Largest |numeric| gradient seen (shows the check is not vacuous). */
  maxGrad: number;
  checked: number;
  /** Elements skipped as kinks (kinkAware only). */
  skipped: number;
  detail: string;
}

/** Values spaced at least 0.1 apart in random order, so max/relu kinks stay out of FD reach. */
export function spaced(n: number, rng: Rng): number[] {
  const v = Array.from({ length: n }, (_, i) => (i - n / 2) * 0.1 + 0.05 + rng.uniform(-0.02, 0.02));
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [v[i], v[j]] = [v[j], v[i]];
  }
  return v;
}

export async function gradCheck(c: GradCase, seed = 1): Promise<GradReport> {
  const rng = makeRng(seed);
  const g = new Graph();
  let k = 0;
  const p: ParamMaker = (shape, fill) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n).map((_, i) => (fill ? fill(rng, i) : rng.uniform(-1, 1)));
    return g.param(`p${k++}`, shape, data);
  };
  const { out, wrt } = c.build(g, p);
  const shape = out.shape.map((d) => {
    if (typeof d !== 'number') throw new Error('gradCheck: give outputs static shapes');
    return d;
  });
  const n = shape.reduce((a, b) => a * b, 1);
  const r = g.constant(
    new Float32Array(n).map(() => rng.uniform(-1, 1)),
    shape,
  );
  const prod = out.mul(r);
  const loss = shape.length ? prod.sum() : prod; // []
  const trainer = await makeTrainer(g, { loss, params: wrt });
  try {
    const feeds = c.feeds ?? {};
    const { grads } = await trainer.gradients(feeds);
    const eps = c.eps ?? 1e-2,
      atol = c.atol ?? 1e-3,
      rtol = c.rtol ?? 1e-2;
    let worst = 0,
      maxGrad = 0,
      checked = 0,
      skipped = 0,
      detail = '';
    const l0 = c.kinkAware ? (await trainer.evaluate(feeds)).loss : 0;
    for (const t of wrt) {
      const data = g.paramData.get(t.id) as Float32Array;
      const ga = grads.get(t.name) as Float32Array;
      for (let i = 0; i < data.length; i++) {
        const x0 = data[i];
        data[i] = x0 + eps;
        const lp = (await trainer.evaluate(feeds)).loss;
        data[i] = x0 - eps;
        const lm = (await trainer.evaluate(feeds)).loss;
        data[i] = x0;
        const num = (lp - lm) / (2 * eps);
        if (c.kinkAware) {
          const right = (lp - l0) / eps,
            left = (l0 - lm) / eps;
          if (Math.abs(right - left) > 2 * (atol + rtol * Math.abs(num))) {
            skipped++;
            continue;
          }
        }
        const err = Math.abs(ga[i] - num) / (atol + rtol * Math.abs(num));
        maxGrad = Math.max(maxGrad, Math.abs(num));
        checked++;
        if (err > worst) {
          worst = err;
          detail = `${t.name}[${i}]: analytic ${ga[i]}, numeric ${num}`;
        }
      }
    }
    return { worst, maxGrad, checked, skipped, detail };
  } finally {
    await trainer.free();
  }
}
