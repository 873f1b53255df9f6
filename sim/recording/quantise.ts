/**
 * Int16 quantisation of one channel between bounds [lo, hi]:
 *   q = round((v − lo) / (hi − lo) · 65535) − 32768,   v̂ = lo + (q + 32768) · (hi − lo) / 65535.
 * The reconstruction error is at most half a step, (hi − lo) / 131070, plus the float32 rounding
 * of v̂. When hi = lo every value decodes to lo exactly.
 */

export const LEVELS = 65535;

/** Quantises `v` ∈ [lo, hi] to an int16. */
export function quantise(v: number, lo: number, hi: number): number {
  const span = hi - lo;
  if (span <= 0) return -32768;
  const q = Math.round(((v - lo) / span) * LEVELS) - 32768;
  return q < -32768 ? -32768 : Math.min(q, 32767);
}

/** Inverse of `quantise`. */
export function dequantise(q: number, lo: number, hi: number): number {
  return lo + ((q + 32768) * (hi - lo)) / LEVELS;
}

/** Half the quantisation step for bounds [lo, hi]: the largest reconstruction error. */
export function halfStep(lo: number, hi: number): number {
  return (hi - lo) / (2 * LEVELS);
}
