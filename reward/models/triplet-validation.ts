/**
 * RAPL's checkpoint rule (the reference trainer keeps the epoch with the lowest loss on a 20 %
 * validation split of the triplets): which triplets are held out.
 * RAPL and its scalar baseline draw the same split from the same seed, so both are scored on the
 * triplets neither trained on.
 */
import { makeRng } from '../../core/rng.ts';

/** Offset of the split's random stream from the training seed, so training draws are unchanged. */
const SPLIT_STREAM = 0x7a11d;

export interface TripletSplit {
  /** Triplet indices trained on. */
  train: number[];
  /** Triplet indices whose loss picks the kept epoch (empty: the last epoch is kept). */
  validation: number[];
}

/**
 * Holds out round(fraction · n) triplets, chosen by the seed. With fraction 0, or when either
 * side would be empty (n < 2), every triplet trains and nothing is held out.
 */
export function splitTriplets(n: number, fraction: number, seed: number): TripletSplit {
  const all = Array.from({ length: n }, (_, i) => i);
  const held = Math.round(fraction * n);
  if (fraction <= 0 || held === 0 || held >= n) return { train: all, validation: [] };
  const rng = makeRng(seed + SPLIT_STREAM);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [all[i], all[j]] = [all[j], all[i]];
  }
  const validation = all.slice(0, held).sort((a, b) => a - b);
  const train = all.slice(held).sort((a, b) => a - b);
  return { train, validation };
}
