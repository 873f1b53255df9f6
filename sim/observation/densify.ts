/**
 * Drawing N points from P particles, including N > P (a 48-particle rope observed with 512 points).
 *
 * Balanced draw: every particle is used ⌊N/P⌋ times and a random ⌊N mod P⌋ of them once more, so no
 * particle is missing (i.i.d. draws with replacement would leave ~e^(−N/P) of them out). The
 * output order is shuffled with `rng`. With `radius` > 0 each copy is moved by a uniform random
 * offset inside a ball of that radius (the particle's own radius), so the copies are distinct
 * points on the particle's body rather than duplicates; with radius 0 copies are exact.
 * Offsets are isotropic: a resting particle's samples may dip up to `radius` below its centre.
 */
import type { Rng } from '../types.ts';

/** `n` points [n, 3] drawn from `particles` [P, 3] as above; `radius` in the particles' units. */
export function densify(particles: Float32Array, n: number, radius: number, rng: Rng): Float32Array {
  const p = particles.length / 3;
  if (!Number.isInteger(p) || p === 0)
    throw new Error(`densify particles: expected a non-empty [P, 3] array, got length ${particles.length}`);
  if (!Number.isInteger(n) || n < 1) throw new Error(`densify n: expected an integer ≥ 1, got ${n}`);
  if (!(radius >= 0)) throw new Error(`densify radius: expected a number ≥ 0, got ${radius}`);
  const order = balancedIndices(p, n, rng);
  const out = new Float32Array(3 * n);
  for (let k = 0; k < n; k++) {
    const i = order[k];
    let dx = 0,
      dy = 0,
      dz = 0;
    if (radius > 0) {
      do {
        dx = rng.uniform(-1, 1);
        dy = rng.uniform(-1, 1);
        dz = rng.uniform(-1, 1);
      } while (dx * dx + dy * dy + dz * dz > 1);
    }
    out[3 * k] = particles[3 * i] + radius * dx;
    out[3 * k + 1] = particles[3 * i + 1] + radius * dy;
    out[3 * k + 2] = particles[3 * i + 2] + radius * dz;
  }
  return out;
}

/**
 * `n` indices into [0, p): without replacement when n ≤ p (a uniform random subset), otherwise
 * each index ⌊n/p⌋ times plus a random subset once more; shuffled (Fisher–Yates with `rng`).
 */
export function balancedIndices(p: number, n: number, rng: Rng): Int32Array {
  const perm = new Int32Array(p);
  for (let i = 0; i < p; i++) perm[i] = i;
  const out = new Int32Array(n);
  const full = Math.floor(n / p),
    rest = n - full * p;
  for (let r = 0; r < full; r++) out.set(perm, r * p);
  // The remainder: a partial Fisher–Yates picks `rest` distinct indices.
  for (let i = 0; i < rest; i++) {
    const j = i + rng.int(p - i);
    const t = perm[j];
    perm[j] = perm[i];
    perm[i] = t;
    out[full * p + i] = perm[i];
  }
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = out[j];
    out[j] = out[i];
    out[i] = t;
  }
  return out;
}
