/**
 * Writing a person's label: `storeLabelledQuery`, the one function that also stores a teacher's
 * (reward/collect/store-query.ts). The query's state, query row (with the selector that chose it
 * and its score) and outcomes go in with the first label only, all in one transaction. Undo is
 * `store.retractLabel`; a relabel after it names the retracted label it revises.
 */
import { storeLabelledQuery } from '../../reward/collect/index.ts';
import type { PreferenceStore } from '../../reward/store/index.ts';
import type { Label } from '../../reward/labels/index.ts';
import type { PoolEntry } from './queries/index.ts';

export interface LabelWrite {
  entry: PoolEntry;
  label: Label;
  annotator: string;
  responseMs?: number;
  liveModels: string[];
  /** The retracted label this one replaces (a relabel after an undo). */
  revises?: number | null;
}

/** Stores the label (and its query the first time); returns the label's store id. */
export function writeLabel(store: PreferenceStore, w: LabelWrite): number {
  const q = w.entry.query;
  const ids = storeLabelledQuery(
    store,
    {
      task: q.task,
      seed: q.seed,
      snapshot: q.snapshot,
      observation: q.observation,
      candidates: q.candidates,
      expert: null,
      selector: q.selector,
      selectorScore: q.selectorScore,
      outcomes: q.metrics.map((metrics) => ({ metrics })),
    },
    w.entry.dbQueryId,
    {
      label: w.label,
      annotator: w.annotator,
      responseMs: w.responseMs ?? null,
      liveModels: w.liveModels,
      revises: w.revises ?? null,
    },
  );
  // Only after the commit: a rolled-back transaction must not leave a dangling id behind.
  if (ids.created) w.entry.dbQueryId = ids.queryId;
  return ids.labelId;
}
