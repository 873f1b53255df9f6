/**
 * A task's labels as training records (METHODS §3), with the query's candidate actions and
 * state attached. Built only on the store's public reads.
 */
import { expandLabel } from '../labels/index.ts';
import type { LabelRecord, QueryRecord, TrainingBinary, TrainingPair, TrainingTriplet } from './records.ts';

export interface TrainingOptions {
  /** Add "expert ≻ every candidate" pairs for rankings whose query has `expert` set. Default true. */
  expertPairs?: boolean;
  /** Add y = 0.5 pairs among a ranking's `rest`. Default false. */
  restTies?: boolean;
  /** Only labels by these annotators. Default: all. */
  annotators?: string[];
}

/** The reads the training view needs (a `PreferenceStore` has them). */
export interface LabelSource {
  labelsFor(task: string, opts?: { annotators?: string[] }): LabelRecord[];
  getQuery(id: number): QueryRecord;
}

const ids = (l: LabelRecord, q: QueryRecord) => ({
  labelId: l.id,
  queryId: q.id,
  stateId: q.stateId,
  annotator: l.annotator,
});

function expandAll<T>(
  src: LabelSource,
  task: string,
  opts: TrainingOptions,
  f: (l: LabelRecord, q: QueryRecord) => T[],
): T[] {
  const queries = new Map<number, QueryRecord>();
  const out: T[] = [];
  for (const l of src.labelsFor(task, opts)) {
    let q = queries.get(l.queryId);
    if (q === undefined) queries.set(l.queryId, (q = src.getQuery(l.queryId)));
    out.push(...f(l, q));
  }
  return out;
}

/** Pair records of every pair and ranking label of `task`, oldest label first. */
export function trainingPairs(src: LabelSource, task: string, opts: TrainingOptions = {}): TrainingPair[] {
  return expandAll(src, task, opts, (l, q) =>
    expandLabel(l.label, {
      expertIndex: opts.expertPairs === false ? undefined : (q.expert ?? undefined),
      restTies: opts.restTies,
    }).pairs.map((p) => ({ ...ids(l, q), i: p.i, j: p.j, a: q.candidates[p.i], b: q.candidates[p.j], y: p.y })),
  );
}

/** BCO thumbs records of every binary label of `task`. */
export function trainingBinary(src: LabelSource, task: string, opts: TrainingOptions = {}): TrainingBinary[] {
  return expandAll(src, task, opts, (l, q) =>
    expandLabel(l.label).binary.map((b) => ({ ...ids(l, q), i: b.i, action: q.candidates[b.i], good: b.good })),
  );
}

/** RAPL triplet records of every triplet and triplet-equal label of `task`. */
export function trainingTriplets(src: LabelSource, task: string, opts: TrainingOptions = {}): TrainingTriplet[] {
  return expandAll(src, task, opts, (l, q) => expandLabel(l.label).triplets.map((t) => ({ ...ids(l, q), ...t })));
}
