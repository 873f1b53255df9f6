/**
 * What a leaving annotator's unlabelled queries become (issue 17: memory after clients leave).
 * The pool puts every released query back in line, so 300 annotators who leave mid-query would
 * leave 300 prepared queries (frames and all) behind, far beyond the look-ahead. A query goes
 * back only while the pool still offers it (fewer than `redundancy` annotators took it, so it is
 * in line anyway) or has fewer than `ahead` ready; otherwise it is dropped and freed.
 */
import type { PoolEntry, QueryPool } from './queries/index.ts';

export interface PoolShape {
  /** Queries the pool keeps ready per flow. */
  ahead: number;
  /** Distinct annotators per query. */
  redundancy: number;
}

/** Releases `entry` for `annotator` if the pool can use it; true when it went back. */
export function giveBack(pool: QueryPool, entry: PoolEntry, annotator: string, shape: PoolShape): boolean {
  const stillOffered = entry.assigned.size < shape.redundancy;
  if (!stillOffered && pool.readyCount(entry.query.flow) >= shape.ahead) return false;
  pool.release(entry, annotator);
  return true;
}
