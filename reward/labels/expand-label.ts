/**
 * Label → training records, METHODS.md §3.
 */
import type { Label, RankingLabel } from './label-schema.ts';
import type { Expansion, PairRecord } from './training-records.ts';

export interface ExpandOptions {
  /**
   * Ranking only: the candidate index holding the expert's action, confirmed as better than
   * every other candidate (DeformPAM). Pairs involving it then come only from this rule
   * ("expert ≻ c" for every other c), whatever the ranking said about it. Default: none.
   */
  expertIndex?: number;
  /** Ranking only: add y = 0.5 pairs among the `rest` (they "looked alike"). Default false. */
  restTies?: boolean;
}

/** Elimination ranking → pairs: earlier picks beat later picks; every pick beats every unpicked. */
export function expandRanking(label: RankingLabel, opts: ExpandOptions = {}): PairRecord[] {
  const e = opts.expertIndex;
  const order = label.order.filter((c) => c !== e);
  const rest = label.rest.filter((c) => c !== e);
  const pairs: PairRecord[] = [];
  if (e !== undefined) {
    for (const c of [...label.order, ...label.rest]) if (c !== e) pairs.push({ i: e, j: c, y: 1 });
  }
  for (let a = 0; a < order.length; a++) {
    for (let b = a + 1; b < order.length; b++) pairs.push({ i: order[a], j: order[b], y: 1 });
    for (const r of rest) pairs.push({ i: order[a], j: r, y: 1 });
  }
  if (opts.restTies) {
    for (let a = 0; a < rest.length; a++) {
      for (let b = a + 1; b < rest.length; b++) pairs.push({ i: rest[a], j: rest[b], y: 0.5 });
    }
  }
  return pairs;
}

/**
 * Expands one label. Pair: (0, 1, y) with y = 1 if A won, 0 if B won, 0.5 if equal; skip gives
 * nothing. Binary: one record on candidate 0. Triplet: (best, middle, worst, 1). Triplet-equal:
 * (0, 1, 2, 0.5).
 */
export function expandLabel(label: Label, opts: ExpandOptions = {}): Expansion {
  const out: Expansion = { pairs: [], binary: [], triplets: [] };
  switch (label.kind) {
    case 'pair':
      if (label.winner === 'A') out.pairs.push({ i: 0, j: 1, y: 1 });
      else if (label.winner === 'B') out.pairs.push({ i: 0, j: 1, y: 0 });
      else if (label.winner === 'equal') out.pairs.push({ i: 0, j: 1, y: 0.5 });
      break;
    case 'ranking':
      out.pairs = expandRanking(label, opts);
      break;
    case 'binary':
      out.binary.push({ i: 0, good: label.good });
      break;
    case 'triplet':
      out.triplets.push({ pos: label.best, neu: label.middle, neg: label.worst, y: 1 });
      break;
    case 'triplet-equal':
      out.triplets.push({ pos: 0, neu: 1, neg: 2, y: 0.5 });
      break;
  }
  return out;
}
