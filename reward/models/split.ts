/**
 * The held-out split of a store's states (issue 12): by episode, never by state. Every state of
 * one scene seed falls on the same side, so consecutive states of an episode — near copies of one
 * another — never train a model and then score it. The fraction is defined here, once.
 */

/** Fraction of episodes (scene seeds) held out of reward training, for every trainer. */
export const HELD_OUT_FRACTION = 0.2;

/** Fewer held-out pairs than this behind a figure earn a warning: its 95 % interval is wide. */
export const MIN_TRUSTED_PAIRS = 30;

/** A uniform draw in [0, 1) fixed by the seed: murmur3's 32-bit finaliser of the seed and salt. */
export function episodeHash(seed: number, salt = 0): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(salt | 0, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

/**
 * Deterministic held-out membership of an episode (scene seed): about `fraction` of seeds, the
 * same whatever else the store holds. `fraction` 1 holds out every episode (evaluate on
 * everything), 0 none.
 */
export function isHeldOutEpisode(seed: number, fraction = HELD_OUT_FRACTION, salt = 0): boolean {
  if (!(fraction >= 0 && fraction <= 1))
    throw new Error(`held-out split: field fraction: expected a number in [0, 1], found ${fraction}`);
  return fraction >= 1 || episodeHash(seed, salt) < fraction;
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
 * The episode split of `task`'s states in `store` (`isHeldOutEpisode` of each state's seed). A state id the store does
 * not hold for this
 * task is an error (it would otherwise land silently on the training side).
 */
export function episodeSplit(store: SeedSource, task: string, fraction = HELD_OUT_FRACTION, salt = 0): EpisodeSplit {
  const seeds = store.stateSeeds(task);
  const memo = new Map<number, boolean>();
  // A small store whose every episode hashes below the fraction would train on nothing: its
  // highest-hashing episode trains instead (fraction < 1 only).
  const distinct = [...new Set(seeds.values())];
  const trainAnyway =
    fraction < 1 && distinct.length > 0 && distinct.every((s) => isHeldOutEpisode(s, fraction, salt))
      ? distinct.reduce((a, b) => (episodeHash(b, salt) > episodeHash(a, salt) ? b : a))
      : null;
  // Likewise one whose every episode trains would report no held-out figure at all: with two or
  // more episodes its lowest-hashing one is held out (fraction > 0 only; a large store always has some).
  const holdAnyway =
    fraction > 0 && distinct.length > 1 && !distinct.some((s) => isHeldOutEpisode(s, fraction, salt))
      ? distinct.reduce((a, b) => (episodeHash(b, salt) < episodeHash(a, salt) ? b : a))
      : null;
  return {
    fraction,
    isHeldOut(stateId) {
      let v = memo.get(stateId);
      if (v === undefined) {
        const seed = seeds.get(stateId);
        if (seed === undefined)
          throw new Error(`held-out split: state ${stateId} is not a ${task} state of this store`);
        memo.set(
          stateId,
          (v = seed === holdAnyway || (seed !== trainAnyway && isHeldOutEpisode(seed, fraction, salt))),
        );
      }
      return v;
    },
  };
}
