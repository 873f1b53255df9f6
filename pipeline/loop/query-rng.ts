import { makeRng, seedFor, type Rng } from '../../core/rng.ts';

/** The rng of one loop query, from its scene seed and its place along the episode. */
export function queryRng(seed: number, within: number): Rng {
  return makeRng(seedFor.loopQuery(seed, within));
}
