/**
 * Sinkhorn unrolled in an nn graph, so the RAPL alignment loss differentiates through the OT
 * plan (METHODS §4). A fixed number of iterations stands in for the tolerance test; with ε = 1
 * and costs in [0, 2] it converges in a few tens of iterations. Log domain, so wide Euclidean
 * costs stay finite.
 */
import type { Tensor } from '../../nn/index.ts';

/** log Σ exp(x) over `axis` (kept), shifted by the maximum so that neither sum nor exp leaves float32. */
function logSumExp(x: Tensor, axis: number): Tensor {
  const m = x.max([axis], true);
  return x.sub(m).exp().sum([axis], true).log().add(m);
}

/**
 * Plan P [B, T, T'] for costs C [B, T, T'] (static T, T') with uniform marginals, `iters`
 * alternating updates; and R = −Σ_ij P_ij C_ij: [B]. The updates run on the log potentials
 * (f_i = log a − LSE_j(g_j − C_ij/ε), then g likewise), which are plain Sinkhorn's scalings
 * u = a / (K v), v = b / (Kᵀ u) in logs: the same iterates, but a cost range beyond ≈ 87 ε, where
 * exp(−C/ε) underflows in float32 and a column of K turns all zero, no longer gives 0/0 = NaN.
 */
export function sinkhornGraph(c: Tensor, eps: number, iters: number): { plan: Tensor; reward: Tensor } {
  const [, t, u] = c.shape;
  if (typeof t !== 'number' || typeof u !== 'number')
    throw new Error(`sinkhornGraph: T and T' must be static, found ${String(t)}, ${String(u)}`);
  const g = c.graph;
  const logK = c.mul(-1 / eps); // [B, T, T']
  let f = logK.max([2], true).mul(0); // [B, T, 1] of zeros
  let gPot = logK.max([1], true).mul(0); // [B, 1, T'] of zeros: v = 1
  for (let i = 0; i < iters; i++) {
    f = g.constant(Math.log(1 / t)).sub(logSumExp(logK.add(gPot), 2)); // [B, T, 1]
    gPot = g.constant(Math.log(1 / u)).sub(logSumExp(logK.add(f), 1)); // [B, 1, T']
  }
  const plan = logK.add(f).add(gPot).exp(); // [B, T, T']
  const reward = plan.mul(c).sum([1, 2]).neg(); // [B]
  return { plan, reward };
}
