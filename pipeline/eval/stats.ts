import { makeRng } from '../../core/rng.ts';

/**
 * Mean with a 95 % confidence interval over per-seed values. `lo`/`hi` are NaN where no interval
 * exists (fewer than two values); `mean` is NaN when there is no value at all.
 */
export interface MeanCI {
  mean: number;
  lo: number;
  hi: number;
  n: number;
}

/** A rate k / n with its Wilson 95 % interval (always inside [0, 1]); NaN for n = 0. */
export interface RateCI {
  value: number;
  lo: number;
  hi: number;
  n: number;
}

// Two-sided 95 % Student t critical values for df = 1..30; beyond that the normal 1.96.
const T95 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/**
 * Student t interval of the mean, for unbounded figures such as paired differences. For a figure
 * with a range (a coverage, a count) use `bootstrapMeanCI`, which never leaves the data's range.
 * n = 1 gives lo = hi = mean (kept so that callers reading `hi - mean` see 0, not NaN).
 */
export function meanCI(values: number[]): MeanCI {
  const v = values.filter(Number.isFinite);
  const n = v.length;
  if (n === 0) return { mean: NaN, lo: NaN, hi: NaN, n: 0 };
  const mean = v.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, lo: mean, hi: mean, n };
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const t = n - 1 <= 30 ? T95[n - 2] : 1.96;
  const half = (t * sd) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half, n };
}

/** Bootstrap resamples per interval: the percentile error at 2.5 % is then about ±0.35 %. */
export const BOOTSTRAP_RESAMPLES = 2000;

/**
 * Percentile-bootstrap 95 % interval of the mean, clamped to `range` (the metric's bounds, e.g.
 * [0, 1] for a coverage or [0, ∞) for a count). A resampled mean lies between the smallest and
 * the largest value, so the interval never leaves the data's range; the clamp guards the declared
 * one. Fewer than two values: no interval (NaN), not a fake zero-width one. Seeded: a report is
 * the same every time it is rendered.
 */
export function bootstrapMeanCI(
  values: number[],
  range: readonly [number, number] = [-Infinity, Infinity],
  seed = 0,
): MeanCI {
  const v = values.filter(Number.isFinite);
  const n = v.length;
  const clamp = (x: number) => Math.min(range[1], Math.max(range[0], x));
  if (n === 0) return { mean: NaN, lo: NaN, hi: NaN, n: 0 };
  const mean = clamp(v.reduce((a, b) => a + b, 0) / n);
  if (n === 1) return { mean, lo: NaN, hi: NaN, n };
  const rng = makeRng(seed);
  const means = new Float64Array(BOOTSTRAP_RESAMPLES);
  for (let k = 0; k < BOOTSTRAP_RESAMPLES; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += v[rng.int(n)];
    means[k] = s / n;
  }
  means.sort();
  const q = (p: number) => means[Math.min(BOOTSTRAP_RESAMPLES - 1, Math.floor(p * BOOTSTRAP_RESAMPLES))];
  return { mean, lo: clamp(q(0.025)), hi: clamp(q(0.975)), n };
}

/** Wilson score 95 % interval of k successes in n trials (Wilson 1927); inside [0, 1] by construction. */
export function wilsonCI(k: number, n: number): RateCI {
  if (n === 0) return { value: NaN, lo: NaN, hi: NaN, n: 0 };
  const z = 1.959964,
    p = k / n,
    z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At k = 0 and k = n the bound is exactly 0 or 1; computed, it carries rounding noise.
  return { value: p, lo: k === 0 ? 0 : Math.max(0, centre - half), hi: k === n ? 1 : Math.min(1, centre + half), n };
}
