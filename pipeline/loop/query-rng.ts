import { makeRng, type Rng } from '../../core/rng.ts';

/** The rng of one loop query, from its scene seed and its place along the episode. */
export function queryRng(seed: number, within: number): Rng {
  return makeRng(Math.imul(seed, 0x9e3779b1) ^ (within * 0x85ebca77 + 0x5bd1e995));
}
