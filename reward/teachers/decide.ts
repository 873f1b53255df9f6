/**
 * B-Pref decision rules (METHODS §7) from teacher scores to labels. Pure; randomness from `rng`.
 */
import type { Rng } from '../../core/rng.ts';
import type { Label } from '../labels/index.ts';
import type { TeacherConfig } from './teacher-config.ts';

type Rule = Pick<TeacherConfig, 'beta' | 'skipBelow' | 'equalWithin' | 'flip' | 'goodAbove'>;

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Returns "look alike": closer than the equal threshold, or exactly tied. */
const alike = (a: number, b: number, equalWithin: number): boolean => a === b || Math.abs(a - b) < equalWithin;

/**
 * Pair: skip if both below `skipBelow`; equal if alike; else A with probability σ(β (R_A − R_B))
 * (β = ∞: the higher return); finally flip A↔B with probability `flip`.
 */
export function decidePair(ra: number, rb: number, cfg: Rule, rng: Rng): Label {
  if (cfg.skipBelow !== null && ra < cfg.skipBelow && rb < cfg.skipBelow) return { kind: 'pair', winner: 'skip' };
  if (alike(ra, rb, cfg.equalWithin)) return { kind: 'pair', winner: 'equal' };
  const aWins = cfg.beta === Infinity ? ra > rb : rng.next() < sigmoid(cfg.beta * (ra - rb));
  const flipped = cfg.flip > 0 && rng.next() < cfg.flip;
  return { kind: 'pair', winner: aWins !== flipped ? 'A' : 'B' };
}

/**
 * One Plackett–Luce draw among `pool`: index with probability ∝ e^(β R) (β = ∞: the highest,
 * first on ties).
 */
function pickBest(pool: number[], scores: readonly number[], beta: number, rng: Rng): number {
  if (beta === Infinity) return pool.reduce((best, c) => (scores[c] > scores[best] ? c : best));
  const top = Math.max(...pool.map((c) => scores[c]));
  const w = pool.map((c) => Math.exp(beta * (scores[c] - top)));
  let u = rng.next() * w.reduce((a, b) => a + b, 0);
  for (let k = 0; k < pool.length; k++) if ((u -= w[k]) < 0) return pool[k];
  return pool[pool.length - 1];
}

/**
 * Elimination ranking (DeformPAM): repeatedly pick the best remaining candidate until the
 * remaining ones all look alike (max − min below `equalWithin`, or tied), or one is left.
 */
export function decideRanking(scores: readonly number[], cfg: Rule, rng: Rng): Label {
  const rest = scores.map((_, i) => i);
  const order: number[] = [];
  const spread = (): number => Math.max(...rest.map((c) => scores[c])) - Math.min(...rest.map((c) => scores[c]));
  while (rest.length > 1 && !(spread() === 0 || spread() < cfg.equalWithin)) {
    const c = pickBest(rest, scores, cfg.beta, rng);
    order.push(c);
    rest.splice(rest.indexOf(c), 1);
  }
  return { kind: 'ranking', order, rest };
}

/** Triplet: all-equal when the three look alike; else best/middle/worst by Plackett–Luce with β. */
export function decideTriplet(scores: readonly number[], cfg: Rule, rng: Rng): Label {
  const spread = Math.max(...scores) - Math.min(...scores);
  if (spread === 0 || spread < cfg.equalWithin) return { kind: 'triplet-equal' };
  const pool = [0, 1, 2];
  const best = pickBest(pool, scores, cfg.beta, rng);
  pool.splice(pool.indexOf(best), 1);
  const middle = pickBest(pool, scores, cfg.beta, rng);
  const worst = pool.find((c) => c !== middle)!;
  return { kind: 'triplet', best, middle, worst };
}

/** Thumbs: good with probability σ(β (R − goodAbove)) (β = ∞: R ≥ goodAbove), then flip. */
export function decideBinary(r: number, cfg: Rule, rng: Rng): Label {
  const good = cfg.beta === Infinity ? r >= cfg.goodAbove : rng.next() < sigmoid(cfg.beta * (r - cfg.goodAbove));
  const flipped = cfg.flip > 0 && rng.next() < cfg.flip;
  return { kind: 'binary', good: good !== flipped };
}
