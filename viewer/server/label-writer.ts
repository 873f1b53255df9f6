/**
 * Writing labels: the query's state, query row and outcomes (first label only) and the label, in
 * one transaction, so a failure or a crash leaves nothing half-written. Undo is `store.retractLabel`;
 * a relabel after it names the retracted label it revises.
 */
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
  let created: number | null = null;
  const labelId = store.transaction(() => {
    let queryId = w.entry.dbQueryId;
    if (queryId === null) {
      const stateId = store.addState({ task: q.task, seed: q.seed, snapshot: q.snapshot, observation: q.observation });
      queryId = store.addQuery({ stateId, candidates: q.candidates, selector: 'uniform' });
      q.metrics.forEach((metrics, candidate) => store.addOutcome({ queryId: queryId!, candidate, metrics }));
      created = queryId;
    }
    return store.addLabel({
      queryId, label: w.label, annotator: w.annotator, responseMs: w.responseMs ?? null, liveModels: w.liveModels,
      revises: w.revises ?? null,
    });
  });
  // Only after the commit: a rolled-back transaction must not leave a dangling id behind.
  if (created !== null) w.entry.dbQueryId = created;
  return labelId;
}
