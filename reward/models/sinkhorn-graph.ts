/**
 * Sinkhorn unrolled in an nn graph, so the RAPL alignment loss differentiates through the OT
 * plan (METHODS §4). A fixed number of iterations stands in for the tolerance test; with ε = 1
 * and costs in [0, 2] it converges in a few tens of iterations.
 */
import type { Tensor } from '../../nn/index.ts';

/**
 * Plan P [B, T, T'] for costs C [B, T, T'] (static T, T') with uniform marginals, `iters`
 * alternating scalings; and R = −Σ_ij P_ij C_ij: [B]. Rows of C are shifted by their minimum
 * before exp (the plan is unchanged; large Euclidean costs no longer underflow).
 */
export function sinkhornGraph(c: Tensor, eps: number, iters: number): { plan: Tensor; reward: Tensor } {
  const [, t, u] = c.shape;
  if (typeof t !== 'number' || typeof u !== 'number')
    throw new Error(`sinkhornGraph: T and T' must be static, found ${String(t)}, ${String(u)}`);
  const g = c.graph;
  const rowMin = c.neg().max([2], true).neg(); // [B, T, 1]
  const k = c
    .sub(rowMin)
    .mul(-1 / eps)
    .exp(); // [B, T, T']
  const kt = k.transpose([0, 2, 1]); // [B, T', T]
  let v = k.slice([0], [1], [1]).mul(0).add(1).transpose([0, 2, 1]); // [B, T', 1] of ones
  let uvec = k.matmul(v); // placeholder shape [B, T, 1]
  for (let i = 0; i < iters; i++) {
    uvec = g.constant(1 / t).div(k.matmul(v)); // [B, T, 1]
    v = g.constant(1 / u).div(kt.matmul(uvec)); // [B, T', 1]
  }
  const plan = uvec.mul(k).mul(v.transpose([0, 2, 1])); // [B, T, T']
  const reward = plan.mul(c).sum([1, 2]).neg(); // [B]
  return { plan, reward };
}
