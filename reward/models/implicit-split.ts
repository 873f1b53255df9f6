/**
 * Validation split of the implicit trainer's pairs: whole groups (episodes when the caller gives
 * them, else states) go to one side, so consecutive states of one episode never straddle it.
 */
import { makeRng, seedFor } from '../../core/rng.ts';
import { ACTION_DIM } from '../../policy/index.ts';
import type { ImplicitPairs } from './implicit-trainer.ts';

/** The pairs `keep` of `data` (same observations). */
export function subsetPairs(data: ImplicitPairs, keep: number[]): ImplicitPairs {
  const out: ImplicitPairs = {
    observations: data.observations,
    groupOf: data.groupOf,
    stateOf: new Int32Array(keep.length),
    w: new Float32Array(keep.length * ACTION_DIM),
    l: new Float32Array(keep.length * ACTION_DIM),
  };
  keep.forEach((i, k) => {
    out.stateOf[k] = data.stateOf[i];
    out.w.set(data.w.subarray(i * ACTION_DIM, (i + 1) * ACTION_DIM), k * ACTION_DIM);
    out.l.set(data.l.subarray(i * ACTION_DIM, (i + 1) * ACTION_DIM), k * ACTION_DIM);
  });
  return out;
}

/**
 * Splits `data` into training and validation pairs: ⌈fraction · G⌉ of the G groups, drawn with
 * `seed`, are validation. Null when fewer than 2 groups hold pairs or `fraction` is 0.
 */
export function splitPairs(
  data: ImplicitPairs,
  fraction: number,
  seed: number,
): { train: ImplicitPairs; val: ImplicitPairs } | null {
  if (fraction <= 0) return null;
  const groupOfPair = (i: number) => (data.groupOf ? data.groupOf[data.stateOf[i]] : data.stateOf[i]);
  const groups = [...new Set(Array.from(data.stateOf, (_, i) => groupOfPair(i)))].sort((a, b) => a - b);
  if (groups.length < 2) return null;
  const rng = makeRng(seedFor.implicitSplit(seed));
  for (let i = groups.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [groups[i], groups[j]] = [groups[j], groups[i]];
  }
  const valGroups = new Set(groups.slice(0, Math.min(groups.length - 1, Math.ceil(fraction * groups.length))));
  const train: number[] = [],
    val: number[] = [];
  for (let i = 0; i < data.stateOf.length; i++) (valGroups.has(groupOfPair(i)) ? val : train).push(i);
  return { train: subsetPairs(data, train), val: subsetPairs(data, val) };
}
