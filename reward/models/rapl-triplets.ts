/**
 * RAPL's triplet data generation (Tian et al. 2024, released `generate_ranking.py`): ordered
 * triplets draw one trajectory from each of three well-separated bins of the teacher's score
 * (best, middle, worst), and about as many "equal" triplets draw three trajectories whose scores
 * are nearly the same. Pure: works on scores, returns indices.
 */
import type { Rng } from '../../core/rng.ts';

/** Indices into the scored pool; y = 1 ordered (pos best … neg worst), y = 0.5 all equal. */
export interface IndexTriplet {
  pos: number;
  neu: number;
  neg: number;
  y: 1 | 0.5;
}

export interface BinnedTripletOptions {
  /** Triplets in all. */
  count: number;
  /** Fraction of "equal" triplets (paper: as many as ordered ones). */
  equalFraction?: number;
  /**
   * Score quantiles cutting the bins: worst = [0, q0), middle = [q1, q2), best = [q3, 1];
   * the gaps q0..q1 and q2..q3 keep the bins apart. Default [0.3, 0.4, 0.6, 0.7].
   */
  quantiles?: readonly [number, number, number, number];
  /** Largest score spread inside an "equal" triplet. Default 0.05. */
  equalWithin?: number;
}

/** Ordered and equal triplets over a pool of trajectories with teacher scores `scores`. */
export function binnedTriplets(scores: readonly number[], opts: BinnedTripletOptions, rng: Rng): IndexTriplet[] {
  const { count, equalFraction = 0.5, quantiles = [0.3, 0.4, 0.6, 0.7], equalWithin = 0.05 } = opts;
  if (!(quantiles[0] <= quantiles[1] && quantiles[1] < quantiles[2] && quantiles[2] <= quantiles[3])) {
    throw new Error(`binnedTriplets: field quantiles: expected q0 ≤ q1 < q2 ≤ q3, found ${quantiles.join(', ')}`);
  }
  const order = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  const n = order.length;
  const cut = (q: number) => Math.round(q * n);
  const worst = order.slice(0, cut(quantiles[0]));
  const middle = order.slice(cut(quantiles[1]), cut(quantiles[2]));
  const best = order.slice(cut(quantiles[3]));
  if (worst.length === 0 || middle.length === 0 || best.length === 0)
    throw new Error(`binnedTriplets: a pool of ${n} trajectories leaves a bin empty`);
  const pick = (xs: number[]) => xs[rng.int(xs.length)];
  const equalCount = Math.round(count * equalFraction);
  const out: IndexTriplet[] = [];
  for (let k = 0; k < count - equalCount; k++) out.push({ pos: pick(best), neu: pick(middle), neg: pick(worst), y: 1 });
  for (let k = 0, tries = 0; k < equalCount; tries++) {
    if (tries > 1000 * equalCount)
      throw new Error(
        `binnedTriplets: found only ${k} of ${equalCount} equal triplets within ${equalWithin} (field equalWithin)`,
      );
    // Three neighbours in score order: an anchor and two of the next trajectories within reach.
    const a = rng.int(n);
    let end = a;
    while (end + 1 < n && scores[order[end + 1]] - scores[order[a]] <= equalWithin) end++;
    if (end - a < 2) continue;
    const rest = order.slice(a + 1, end + 1);
    const i = rng.int(rest.length);
    let j = rng.int(rest.length - 1);
    if (j >= i) j++;
    out.push({ pos: order[a], neu: rest[i], neg: rest[j], y: 0.5 });
    k++;
  }
  // Shuffle so a prefix (75 of 150) keeps the same mix.
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
