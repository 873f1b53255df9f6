/** Binomial proportions with their 95 % Wilson score interval (METHODS §9). Pure. */

/** A proportion k / n with its 95 % interval; `value` and the bounds are NaN when n = 0. */
export interface Proportion {
  value: number;
  /** Trials behind the figure (pairs). */
  n: number;
  /** Wilson 95 % interval [lo, hi]. */
  ci95: [number, number];
}

/**
 * Wilson score interval of k successes in n trials at normal quantile `z` (1.96: 95 %). Unlike
 * the normal approximation it stays inside [0, 1] and is honest at k = 0 or k = n.
 */
export function wilsonInterval(k: number, n: number, z = 1.96): [number, number] {
  if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 0 && k <= n))
    throw new Error(`wilsonInterval: expected integers 0 ≤ k ≤ n, found k = ${k}, n = ${n}`);
  if (n === 0) return [NaN, NaN];
  const p = k / n,
    z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** k / n with its Wilson 95 % interval. */
export function proportion(k: number, n: number): Proportion {
  return { value: n ? k / n : NaN, n, ci95: wilsonInterval(k, n) };
}
