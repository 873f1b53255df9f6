/**
 * Reward transform for combining objectives (METHODS §4, "Combining rewards"):
 * u = log σ(r − r_ref), so a sum of transformed rewards reads as "good in all".
 */

/** Stable log σ(x) = −softplus(−x). */
export function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

/** Median of a list (the default reference score: the median candidate). */
export function median(xs: ArrayLike<number>): number {
  if (xs.length === 0) throw new Error('median: empty list');
  const s = Array.from(xs).sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * u_k = log σ(r_k − r_ref) for every candidate k: [K]. `ref` defaults to the median score.
 */
export function logSigmoidTransform(scores: ArrayLike<number>, ref: number = median(scores)): Float32Array {
  return Float32Array.from(scores, (r) => logSigmoid(r - ref));
}

/** Combines several models' scores of the same K candidates: Σ_m log σ(r_m − ref_m): [K]. */
export function combineRewards(perModel: ArrayLike<number>[]): Float32Array {
  if (perModel.length === 0) throw new Error('combineRewards: no models');
  const k = perModel[0].length;
  const out = new Float32Array(k);
  perModel.forEach((s, m) => {
    if (s.length !== k)
      throw new Error(`combineRewards: model ${m} scored ${s.length} candidates, model 0 scored ${k}`);
    logSigmoidTransform(s).forEach((u, i) => (out[i] += u));
  });
  return out;
}
