/** Small seeded problems for training tests. */
import type { Rng } from '../../core/rng.ts';

/** y = sin(x), x ~ U(−π, π): x [n,1], y [n,1]. */
export function sinData(n: number, rng: Rng): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(n),
    y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = rng.uniform(-Math.PI, Math.PI);
    y[i] = Math.sin(x[i]);
  }
  return { x, y };
}

/** Two interleaved half-circles with Gaussian noise: x [n,2], label [n,1] in {0,1}. */
export function twoMoons(n: number, noise: number, rng: Rng): { x: Float32Array; y: Float32Array } {
  const x = new Float32Array(2 * n),
    y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = rng.uniform(0, Math.PI);
    const upper = i % 2 === 0;
    x[2 * i] = (upper ? Math.cos(t) : 1 - Math.cos(t)) + noise * rng.normal();
    x[2 * i + 1] = (upper ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * rng.normal();
    y[i] = upper ? 0 : 1;
  }
  return { x, y };
}

/**
 * Bradley–Terry comparisons among `k` items with true scores `scores`: one-hot a [n,k], b [n,k]
 * and y [n,1] = 1 with probability σ(s_a − s_b).
 */
export function btPairs(scores: number[], n: number, rng: Rng): { a: Float32Array; b: Float32Array; y: Float32Array } {
  const k = scores.length;
  const a = new Float32Array(n * k),
    b = new Float32Array(n * k),
    y = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    const i = rng.int(k);
    let j = rng.int(k - 1);
    if (j >= i) j++;
    a[r * k + i] = 1;
    b[r * k + j] = 1;
    y[r] = rng.next() < 1 / (1 + Math.exp(-(scores[i] - scores[j]))) ? 1 : 0;
  }
  return { a, b, y };
}

/** Spearman rank correlation (no ties expected). */
export function spearman(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const rank = (w: ArrayLike<number>) => {
    const idx = Array.from(w, (_, i) => i).sort((p, q) => w[p] - w[q]);
    const r = new Array<number>(w.length);
    idx.forEach((i, k) => (r[i] = k));
    return r;
  };
  const ru = rank(u),
    rv = rank(v),
    n = u.length;
  let d2 = 0;
  for (let i = 0; i < n; i++) d2 += (ru[i] - rv[i]) ** 2;
  return 1 - (6 * d2) / (n * (n * n - 1));
}
