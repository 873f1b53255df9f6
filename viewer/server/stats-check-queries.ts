/**
 * Quality checks planted among an annotator's queries (issue 16, item 4): at `goldRate` a
 * known-answer query (one whose outcomes' task metric differs by ≥ `margin`: the metric is the
 * answer) the annotator has not labelled, taken from those others labelled or, when there are
 * none (a lone annotator), from the fresh queries ready in the pool; and at `repeatRate` one of
 * their own earlier queries, for
 * self-consistency. Both are shown like any other query (`again` false) so they are answered as
 * any other would be; their labels are ordinary labels of the stored query, which
 * `reward/store/annotator-stats.ts` scores. Only queries labelled while this server runs are
 * kept (their frames are in memory), at most `keep` per annotator and in the gold bank.
 */
import type { Rng } from '../../core/rng.ts';
import type { Flow } from '../protocol/index.ts';
import type { PoolEntry } from './queries/index.ts';

export interface CheckQueryOptions {
  /** Fraction of served queries that are gold checks, 0–1. */
  goldRate: number;
  /** Fraction of served queries that repeat one of the annotator's own, 0–1. */
  repeatRate: number;
  /** Outcome metric whose difference makes a known answer (the task's reward metric). */
  metric: string;
  /** Metric difference from which an answer counts as known. */
  margin: number;
  rng: Rng;
  /** Labels between a query and its repeat, so the repeat is not recognised at once. Default 3. */
  minGap?: number;
  /** Queries kept per annotator and in the gold bank. Default 50. */
  keep?: number;
}

export type CheckKind = 'gold' | 'repeat';

/**
 * What to show next: a kept query, or (`entry` null) a fresh query from the pool that `isGold`
 * when one is ready, because no kept gold query is new to this annotator.
 */
export type CheckPick = { entry: PoolEntry; kind: CheckKind } | { entry: null; kind: 'gold' };

export class CheckQueries {
  readonly #gold: PoolEntry[] = [];
  readonly #mine = new Map<string, PoolEntry[]>();

  constructor(private readonly opts: CheckQueryOptions) {}

  /** True when some pair of the query's outcomes differs by at least the margin in the metric. */
  isGold(entry: PoolEntry): boolean {
    const m = entry.query.metrics.map((x) => x[this.opts.metric]).filter((v): v is number => typeof v === 'number');
    return m.length >= 2 && Math.max(...m) - Math.min(...m) >= this.opts.margin;
  }

  /** Records a stored label of `entry` by `annotator`. */
  noteLabelled(entry: PoolEntry, annotator: string): void {
    if (entry.dbQueryId === null) return;
    const keep = this.opts.keep ?? 50;
    let mine = this.#mine.get(annotator);
    if (!mine) this.#mine.set(annotator, (mine = []));
    pushOnce(mine, entry, keep);
    if (this.isGold(entry)) pushOnce(this.#gold, entry, keep);
  }

  /** A fresh showing of the kept query `annotator` labelled whose store id is `queryId` (for relabelling). */
  stored(annotator: string, queryId: number): PoolEntry | undefined {
    const e = this.#mine.get(annotator)?.find((x) => x.dbQueryId === queryId);
    return e && copyOf(e);
  }

  /** A check query to show `annotator` next in `flow`, or null for any fresh one. */
  pick(annotator: string, flow: Flow): CheckPick | null {
    const r = this.opts.rng.next();
    const mine = (this.#mine.get(annotator) ?? []).filter((e) => e.query.flow === flow);
    if (r < this.opts.goldRate) {
      const seen = new Set(mine.map((e) => e.id));
      const gold = this.#gold.filter((e) => e.query.flow === flow && !seen.has(e.id));
      if (gold.length === 0) return { entry: null, kind: 'gold' };
      return { entry: copyOf(gold[this.opts.rng.int(gold.length)]), kind: 'gold' };
    }
    if (r < this.opts.goldRate + this.opts.repeatRate) {
      const old = mine.slice(0, Math.max(0, mine.length - (this.opts.minGap ?? 3)));
      return old.length === 0 ? null : { entry: copyOf(old[this.opts.rng.int(old.length)]), kind: 'repeat' };
    }
    return null;
  }
}

function pushOnce(list: PoolEntry[], entry: PoolEntry, keep: number): void {
  const i = list.findIndex((e) => e.id === entry.id);
  if (i >= 0) list.splice(i, 1);
  list.push(entry);
  if (list.length > keep) list.shift();
}

/**
 * A second showing of a stored query: its own (empty) assignment set, so giving it back when the
 * annotator leaves does not return the original to the pool's queue.
 */
function copyOf(e: PoolEntry): PoolEntry {
  return { id: e.id, query: e.query, assigned: new Set(), dbQueryId: e.dbQueryId };
}
