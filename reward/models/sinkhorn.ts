/**
 * Entropic optimal transport (METHODS §4, RAPL): cosine or Euclidean cost between embedded
 * frames, Sinkhorn plan with uniform marginals, and the OT reward. Pure functions on [T, D]
 * row-major arrays.
 */

/** Ground costs between embedded frames: RAPL's released training code uses Euclidean, its reward script cosine. */
export const OT_COSTS = ['euclidean', 'cosine'] as const;
export type OtCost = (typeof OT_COSTS)[number];

/** C_ij = |x_i − y_j|₂: [T, T']. */
export function euclideanCost(x: Float32Array, y: Float32Array, d: number): Float64Array {
  const t = x.length / d, u = y.length / d;
  const c = new Float64Array(t * u);
  for (let i = 0; i < t; i++) {
    for (let j = 0; j < u; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += (x[i * d + k] - y[j * d + k]) ** 2;
      c[i * u + j] = Math.sqrt(s);
    }
  }
  return c;
}

/** The cost matrix of kind `cost`: [T, T']. */
export function costMatrix(cost: OtCost, x: Float32Array, y: Float32Array, d: number): Float64Array {
  return cost === 'euclidean' ? euclideanCost(x, y, d) : cosineCost(x, y, d);
}

/** C_ij = 1 − cos(x_i, y_j): [T, T']. */
export function cosineCost(x: Float32Array, y: Float32Array, d: number): Float64Array {
  const t = x.length / d, u = y.length / d;
  const nx = new Float64Array(t), ny = new Float64Array(u);
  for (let i = 0; i < t; i++) { let s = 0; for (let k = 0; k < d; k++) s += x[i * d + k] ** 2; nx[i] = Math.sqrt(s) || 1; }
  for (let j = 0; j < u; j++) { let s = 0; for (let k = 0; k < d; k++) s += y[j * d + k] ** 2; ny[j] = Math.sqrt(s) || 1; }
  const c = new Float64Array(t * u);
  for (let i = 0; i < t; i++) {
    for (let j = 0; j < u; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x[i * d + k] * y[j * d + k];
      c[i * u + j] = 1 - s / (nx[i] * ny[j]);
    }
  }
  return c;
}

export interface SinkhornOptions {
  /** Entropic weight ε (paper 1). */
  eps?: number;
  /** Stop when the row marginals are within this (L1) of uniform (paper 1e-6). */
  tol?: number;
  /** Iteration cap (paper 1000). */
  maxIter?: number;
}

/**
 * Sinkhorn plan P* for cost C [T, T'] with uniform marginals (1/T, 1/T'):
 * K = exp(−C/ε), alternate u = a / (K v), v = b / (Kᵀ u), P = diag(u) K diag(v). Each row of C
 * is shifted by its minimum first (the plan is unchanged; Euclidean costs no longer underflow).
 */
export function sinkhorn(c: Float64Array, t: number, u: number, opts: SinkhornOptions = {}): { plan: Float64Array; iterations: number } {
  const eps = opts.eps ?? 1, tol = opts.tol ?? 1e-6, maxIter = opts.maxIter ?? 1000;
  const k = new Float64Array(t * u);
  for (let i = 0; i < t; i++) {
    let m = Infinity;
    for (let j = 0; j < u; j++) m = Math.min(m, c[i * u + j]);
    for (let j = 0; j < u; j++) k[i * u + j] = Math.exp(-(c[i * u + j] - m) / eps);
  }
  const a = 1 / t, b = 1 / u;
  const ur = new Float64Array(t).fill(1), vr = new Float64Array(u).fill(1);
  let it = 0;
  for (; it < maxIter; it++) {
    for (let i = 0; i < t; i++) { let s = 0; for (let j = 0; j < u; j++) s += k[i * u + j] * vr[j]; ur[i] = a / s; }
    for (let j = 0; j < u; j++) { let s = 0; for (let i = 0; i < t; i++) s += k[i * u + j] * ur[i]; vr[j] = b / s; }
    // Columns are exact after the v update; check the rows.
    let err = 0;
    for (let i = 0; i < t; i++) { let s = 0; for (let j = 0; j < u; j++) s += k[i * u + j] * vr[j]; err += Math.abs(ur[i] * s - a); }
    if (err < tol) { it++; break; }
  }
  const plan = new Float64Array(t * u);
  for (let i = 0; i < t; i++) for (let j = 0; j < u; j++) plan[i * u + j] = ur[i] * k[i * u + j] * vr[j];
  return { plan, iterations: it };
}

/** Dense OT reward r_i = −Σ_j P_ij C_ij: [T]; their sum is R(X, Y). */
export function otRewards(c: Float64Array, plan: Float64Array, t: number, u: number): Float64Array {
  const r = new Float64Array(t);
  for (let i = 0; i < t; i++) { let s = 0; for (let j = 0; j < u; j++) s += plan[i * u + j] * c[i * u + j]; r[i] = -s; }
  return r;
}
