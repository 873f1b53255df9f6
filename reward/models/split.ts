/**
 * The held-out split of a store's states (issue 12): by episode, never by state. Every state of
 * one scene seed falls on the same side, so consecutive states of an episode — near copies of one
 * another — never train a model and then score it. The fraction is defined here, once.
 */

/** Fraction of episodes (scene seeds) held out of reward training, for every trainer. */
export const HELD_OUT_FRACTION = 0.2;

/** Fewer held-out pairs than this behind a figure earn a warning: its 95 % interval is wide. */
export const MIN_TRUSTED_PAIRS = 30;

/**
 * Deterministic held-out membership of an episode (scene seed): about `fraction` of seeds.
 * `fraction` 1 holds out every episode (evaluate on everything), 0 none.
 */
export function isHeldOutEpisode(seed: number, fraction = HELD_OUT_FRACTION, salt = 0): boolean {
  if (!(fraction >= 0 && fraction <= 1)) throw new Error(`held-out split: field fraction: expected a number in [0, 1], found ${fraction}`);
  if (fraction >= 1) return true;
  let h = (Math.imul(seed | 0, 2654435761) + Math.imul(salt | 0, 97)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0x297a2d39) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) % 10000 / 10000 < fraction;
}

/** What the split reads from a store: the scene seed of each state. */
export interface SeedSource {
  stateSeeds(task: string): Map<number, number>;
}

/** Which side of the split a state is on. */
export interface EpisodeSplit {
  isHeldOut(stateId: number): boolean;
  fraction: number;
}

/**
 * The episode split of `task`'s states in `store`. A state id the store does not hold for this
 * task is an error (it would otherwise land silently on the training side).
 */
export function episodeSplit(store: SeedSource, task: string, fraction = HELD_OUT_FRACTION, salt = 0): EpisodeSplit {
  const seeds = store.stateSeeds(task);
  const memo = new Map<number, boolean>();
  return {
    fraction,
    isHeldOut(stateId) {
      let v = memo.get(stateId);
      if (v === undefined) {
        const seed = seeds.get(stateId);
        if (seed === undefined) throw new Error(`held-out split: state ${stateId} is not a ${task} state of this store`);
        memo.set(stateId, (v = isHeldOutEpisode(seed, fraction, salt)));
      }
      return v;
    },
  };
}
