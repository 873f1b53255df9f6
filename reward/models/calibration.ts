/**
 * Calibration of predicted preference probabilities (METHODS §4, "Calibration"): expected
 * calibration error over equal-width bins and the reliability-diagram data. Pure functions.
 */

/** One reliability-diagram bin over [lo, hi). */
export interface ReliabilityBin {
  lo: number;
  hi: number;
  /** Predictions in the bin. */
  count: number;
  /** Mean predicted P(A ≻ B) in the bin (NaN when empty). */
  confidence: number;
  /** Observed frequency of A ≻ B (ties count 0.5) in the bin (NaN when empty). */
  accuracy: number;
}

/**
 * Reliability diagram: predictions p_i ∈ [0, 1] against outcomes y_i ∈ {0, 0.5, 1}, in `bins`
 * equal-width bins (the last bin includes 1).
 */
export function reliabilityDiagram(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  if (p.length !== y.length) throw new Error(`reliabilityDiagram: ${p.length} predictions but ${y.length} outcomes`);
  if (!Number.isInteger(bins) || bins < 1)
    throw new Error(`reliabilityDiagram: bins must be a positive integer, found ${bins}`);
  const sumP = new Float64Array(bins),
    sumY = new Float64Array(bins),
    n = new Float64Array(bins);
  for (let i = 0; i < p.length; i++) {
    if (!(p[i] >= 0 && p[i] <= 1))
      throw new Error(`reliabilityDiagram: prediction ${i} is ${p[i]}, expected a probability in [0, 1]`);
    const b = Math.min(bins - 1, Math.floor(p[i] * bins));
    sumP[b] += p[i];
    sumY[b] += y[i];
    n[b]++;
  }
  return Array.from({ length: bins }, (_, b) => ({
    lo: b / bins,
    hi: (b + 1) / bins,
    count: n[b],
    confidence: n[b] ? sumP[b] / n[b] : NaN,
    accuracy: n[b] ? sumY[b] / n[b] : NaN,
  }));
}

/** ECE = Σ_b (n_b / n) |accuracy_b − confidence_b| over `bins` equal-width bins (default 10). */
export function expectedCalibrationError(p: ArrayLike<number>, y: ArrayLike<number>, bins = 10): number {
  if (p.length === 0) return NaN;
  let e = 0;
  for (const b of reliabilityDiagram(p, y, bins))
    if (b.count) e += (b.count / p.length) * Math.abs(b.accuracy - b.confidence);
  return e;
}
