/**
 * Query selection (METHODS §6): which candidates to show. From an (oversampled) pool, pick the
 * query's `size` candidates: uniformly at random, or by the largest ensemble disagreement (std
 * of P(a_i ≻ a_j) over members) or the largest entropy of the mean P. The score that chose the
 * query is returned so it can be logged with it.
 */
import type { Rng } from '../../core/rng.ts';
import type { Action, Observation } from '../../sim/types.ts';
import { binaryEntropy, pairStats, type UncertainRewardModel } from '../models/index.ts';

export const SELECTOR_NAMES = ['uniform', 'disagreement', 'entropy'] as const;
export type SelectorName = (typeof SELECTOR_NAMES)[number];

export interface QueryChoice {
  /** Pool indices of the chosen candidates, in query order. */
  indices: number[];
  /** Mean pair score of the chosen set (null for uniform). */
  score: number | null;
}

export interface Selector {
  readonly name: SelectorName;
  /** Picks `size` of the pool's candidates. Disagreement and entropy need `model`. */
  pick(obs: Observation, pool: Action[], size: number, rng: Rng, model?: UncertainRewardModel): Promise<QueryChoice>;
}

/** Random `size` distinct indices of 0..n−1. */
export function randomSubset(n: number, size: number, rng: Rng): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < Math.min(size, n); i++) {
    const j = i + rng.int(n - i);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, Math.min(size, n));
}

/**
 * Greedy set choice from a symmetric pair-score matrix [K, K]: the best pair, then repeatedly
 * the candidate with the largest mean score against the chosen ones. Returns indices and the
 * mean pair score of the set. Pure.
 */
export function greedyPick(pairScore: Float64Array, k: number, size: number): QueryChoice {
  if (size >= k) {
    let s = 0,
      c = 0;
    for (let i = 0; i < k; i++)
      for (let j = i + 1; j < k; j++) {
        s += pairScore[i * k + j];
        c++;
      }
    return { indices: Array.from({ length: k }, (_, i) => i), score: c ? s / c : null };
  }
  if (size === 1) {
    // One candidate (thumbs): the one with the largest mean score against all others.
    let best = 0,
      bestS = -Infinity;
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) if (j !== i) s += pairScore[i * k + j] / (k - 1);
      if (s > bestS) {
        bestS = s;
        best = i;
      }
    }
    return { indices: [best], score: bestS };
  }
  let bi = 0,
    bj = 1;
  for (let i = 0; i < k; i++)
    for (let j = i + 1; j < k; j++)
      if (pairScore[i * k + j] > pairScore[bi * k + bj]) {
        bi = i;
        bj = j;
      }
  const chosen = [bi, bj];
  while (chosen.length < size) {
    let best = -1,
      bestS = -Infinity;
    for (let c = 0; c < k; c++) {
      if (chosen.includes(c)) continue;
      const s = chosen.reduce((a, o) => a + pairScore[c * k + o], 0) / chosen.length;
      if (s > bestS) {
        bestS = s;
        best = c;
      }
    }
    chosen.push(best);
  }
  let s = 0,
    n = 0;
  for (let a = 0; a < chosen.length; a++)
    for (let b = a + 1; b < chosen.length; b++) {
      s += pairScore[chosen[a] * k + chosen[b]];
      n++;
    }
  return { indices: chosen, score: s / n };
}

function byPairScore(name: 'disagreement' | 'entropy', f: (mean: number, std: number) => number): Selector {
  return {
    name,
    async pick(obs, pool, size, rng, model) {
      if (!model)
        throw new Error(
          `selector ${name}: needs a reward model (an ensemble for disagreement); train one first or use ` +
            `--selector uniform`,
        );
      const { scores, members } = await model.memberScores(obs, pool);
      const k = pool.length;
      const ps = new Float64Array(k * k);
      for (let i = 0; i < k; i++) {
        for (let j = i + 1; j < k; j++) {
          const { mean, std } = pairStats(scores, members, i, j);
          ps[i * k + j] = ps[j * k + i] = f(mean, std);
        }
      }
      const choice = greedyPick(ps, k, size);
      // Show the chosen candidates in random order so position says nothing.
      const order = randomSubset(choice.indices.length, choice.indices.length, rng);
      return { indices: order.map((o) => choice.indices[o]), score: choice.score };
    },
  };
}

export const SELECTORS: Record<SelectorName, Selector> = {
  uniform: {
    name: 'uniform',
    async pick(_obs, pool, size, rng) {
      return { indices: randomSubset(pool.length, size, rng), score: null };
    },
  },
  disagreement: byPairScore('disagreement', (_mean, std) => std),
  entropy: byPairScore('entropy', (mean) => binaryEntropy(mean)),
};

/** The selector named `name`; the error lists the accepted names. */
export function selectorByName(name: string): Selector {
  if (!(SELECTOR_NAMES as readonly string[]).includes(name)) {
    throw new Error(`unknown selector "${name}": expected one of ${SELECTOR_NAMES.join(', ')}`);
  }
  return SELECTORS[name as SelectorName];
}
