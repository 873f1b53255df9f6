/**
 * Storing a labelled query, whoever gave the label (ARCHITECTURE.md, "One preference query"):
 * a teacher in `collect` and the loop, a person in the viewer. They differ only in who produced
 * the `Label` (imitation's swap of the gatherer). The state, the query row and its outcomes are
 * written with the first label only; a later label of the same query (redundant annotators, a
 * relabel after an undo) adds just the label. One transaction, so a crash leaves nothing half-written.
 */
import type { Action, Metrics } from '../../sim/types.ts';
import type { Label } from '../labels/index.ts';
import type { PreferenceStore } from '../store/index.ts';

/** A query as stored: its state, its candidates, who chose them, and each candidate's outcome. */
export interface LabelledQuery {
  task: string;
  seed: number;
  snapshot: Uint8Array;
  /** `encodeObservation` of the state's observation. */
  observation: Uint8Array;
  /** [K] normalised candidates. */
  candidates: Action[];
  /** Index of the scripted expert's candidate, or null. */
  expert: number | null;
  /** The selector that chose the candidates, and its score (null for uniform). */
  selector: string;
  selectorScore: number | null;
  /** [K] per candidate: metrics after it, and what is known besides (return, teacher score, frames file). */
  outcomes: { metrics: Metrics; return?: number | null; teacherScore?: number | null; framesRef?: string | null }[];
}

/** Who labelled it and how. */
export interface GivenLabel {
  label: Label;
  /** `teacher:NAME` for a synthetic teacher, the annotator's name for a person. */
  annotator: string;
  responseMs?: number | null;
  /** Ids of the registered models live when the label was given. */
  liveModels: string[];
  /** The retracted label this one replaces (a relabel after an undo). */
  revises?: number | null;
}

export interface StoredQueryIds {
  stateId: number;
  queryId: number;
  labelId: number;
  /** Whether this call wrote the state, query and outcomes (false: the query was stored before). */
  created: boolean;
}

/**
 * Stores `label` for `query`; `storedQueryId` is the query's store id when an earlier label
 * stored it, else null. `inTransaction(ids)` runs inside the transaction, so what it writes
 * commits with the label.
 */
export function storeLabelledQuery(
  store: PreferenceStore,
  query: LabelledQuery,
  storedQueryId: number | null,
  label: GivenLabel,
  inTransaction?: (ids: StoredQueryIds) => void,
): StoredQueryIds {
  return store.transaction(() => {
    let queryId = storedQueryId,
      stateId: number;
    const created = queryId === null;
    if (queryId === null) {
      stateId = store.addState({
        task: query.task,
        seed: query.seed,
        snapshot: query.snapshot,
        observation: query.observation,
      });
      queryId = store.addQuery({
        stateId,
        candidates: query.candidates,
        expert: query.expert,
        selector: query.selector,
        selectorScore: query.selectorScore,
      });
      const id = queryId;
      query.outcomes.forEach((o, candidate) =>
        store.addOutcome({
          queryId: id,
          candidate,
          metrics: o.metrics,
          return: o.return ?? null,
          teacherScore: o.teacherScore ?? null,
          framesRef: o.framesRef ?? null,
        }),
      );
    } else {
      stateId = store.getQuery(queryId).stateId;
    }
    const labelId = store.addLabel({
      queryId,
      label: label.label,
      annotator: label.annotator,
      responseMs: label.responseMs ?? null,
      liveModels: label.liveModels,
      revises: label.revises ?? null,
    });
    const ids = { stateId, queryId, labelId, created };
    inTransaction?.(ids);
    return ids;
  });
}
