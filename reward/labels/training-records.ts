/**
 * Training records that labels expand into (METHODS.md §3). Indices are candidate indices of
 * the label's query.
 */

/** Bradley–Terry / DPO pair: target y = P(candidate i ≻ candidate j) ∈ {1, 0, 0.5}. */
export interface PairRecord {
  i: number;
  j: number;
  y: 1 | 0 | 0.5;
}

/** BCO thumbs record: logistic loss on r(s, a_i) − δ with target `good ? 1 : 0`. */
export interface BinaryRecord {
  i: number;
  good: boolean;
}

/**
 * RAPL triplet (METHODS.md §4): p = e^{R(pos,neu)} / (e^{R(pos,neu)} + e^{R(pos,neg)}).
 * y = 1: ordered triplet (best, middle, worst), loss −log p.
 * y = 0.5: "all equal" triplet (candidates 0, 1, 2), loss (0.5 − p)².
 */
export interface TripletRecord {
  pos: number;
  neu: number;
  neg: number;
  y: 1 | 0.5;
}

/** Everything one label contributes; most kinds fill exactly one list. */
export interface Expansion {
  pairs: PairRecord[];
  binary: BinaryRecord[];
  triplets: TripletRecord[];
}
