/**
 * Ensemble statistics (METHODS §4, "Ensembles"): from per-member scores [M, K], the mean score
 * per candidate (used for selection) and the mean and std over members of P(a_i ≻ a_j)
 * (used as uncertainty by query selection). Pure functions.
 */
import { sigmoid } from './reward-model.ts';

/** Mean over members of [M, K] scores: [K]. */
export function meanScores(scores: Float32Array, members: number): Float32Array {
  const k = scores.length / members;
  const out = new Float32Array(k);
  for (let m = 0; m < members; m++) for (let i = 0; i < k; i++) out[i] += scores[m * k + i] / members;
  return out;
}

/** Mean and (population) std over members of P(a_i ≻ a_j) = σ(r_i − r_j). */
export function pairStats(scores: Float32Array, members: number, i: number, j: number): { mean: number; std: number } {
  const k = scores.length / members;
  let s = 0,
    s2 = 0;
  for (let m = 0; m < members; m++) {
    const p = sigmoid(scores[m * k + i] - scores[m * k + j]);
    s += p;
    s2 += p * p;
  }
  const mean = s / members;
  return { mean, std: Math.sqrt(Math.max(0, s2 / members - mean * mean)) };
}

/** Binary entropy of p in nats. */
export function binaryEntropy(p: number): number {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return -(q * Math.log(q) + (1 - q) * Math.log(1 - q));
}
