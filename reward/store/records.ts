/**
 * Typed records the store hands out and accepts. Times are integer milliseconds since the Unix
 * epoch; ids of states, queries, outcomes and labels are SQLite row ids.
 */
import type { Action, Metrics } from '../../sim/types.ts';
import type { Label } from '../labels/index.ts';

export interface StateRecord {
  id: number;
  task: string;
  seed: number;
  /** `scene.snapshot()` bytes. */
  snapshot: Uint8Array;
  /** Encoded observation (see `encodeObservation`), or null when only a reference is kept. */
  observation: Uint8Array | null;
  /** Where the observation lives when not inline (file path, URL), or null. */
  observationRef: string | null;
  createdAt: number;
}

export interface QueryRecord {
  id: number;
  stateId: number;
  /** Candidate actions as the policy produced them (normalised frame), [K]. */
  candidates: Action[];
  /** Index of a candidate confirmed as the expert's action ("expert beats every candidate"), or null. */
  expert: number | null;
  /** Name of the selector that chose this query: 'uniform' | 'disagreement' | 'entropy' | ... */
  selector: string;
  /** The selector's score for this query, or null (uniform). */
  selectorScore: number | null;
  createdAt: number;
}

export interface OutcomeRecord {
  id: number;
  queryId: number;
  /** Candidate index within the query. */
  candidate: number;
  metrics: Metrics;
  /** Where the recorded frames are (file path or blob id), or null. */
  framesRef: string | null;
  /** True task return of this candidate, or null when unknown. */
  return: number | null;
  /**
   * The synthetic teacher's noise-free score of this outcome (no β noise, no flips), or null (a person, or stored
   * before schema 2).
   */
  teacherScore: number | null;
  createdAt: number;
}

export interface LabelRecord {
  id: number;
  queryId: number;
  label: Label;
  /** Who gave it: a person's handle or `teacher:NAME`. */
  annotator: string;
  /** Time the annotator took, milliseconds, or null. */
  responseMs: number | null;
  createdAt: number;
  /** Registry ids of the reward models that were live when the label was given. */
  liveModels: string[];
}

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ModelRecord {
  id: string;
  task: string;
  /** 'explicit' | 'implicit' | 'rapl' | 'policy' | ... */
  kind: string;
  /** File path of the model (ONNX). */
  path: string;
  /** Content hash of the file, e.g. sha256 hex. */
  hash: string;
  /** Evaluation results (held-out accuracy, ECE, ...), any JSON. */
  metrics: Record<string, JsonValue>;
  createdAt: number;
  /** Model this one was fine-tuned from, or null. */
  parent: string | null;
}

export type NewState = Omit<StateRecord, 'id' | 'createdAt' | 'observation' | 'observationRef'> & {
  observation?: Uint8Array | null;
  observationRef?: string | null;
  createdAt?: number;
};
export type NewQuery = Omit<QueryRecord, 'id' | 'createdAt' | 'expert' | 'selectorScore'> & {
  expert?: number | null;
  selectorScore?: number | null;
  createdAt?: number;
};
export type NewOutcome = Omit<OutcomeRecord, 'id' | 'createdAt' | 'framesRef' | 'return' | 'teacherScore'> & {
  framesRef?: string | null;
  return?: number | null;
  teacherScore?: number | null;
  createdAt?: number;
};
export type NewLabel = Omit<LabelRecord, 'id' | 'createdAt' | 'responseMs' | 'liveModels'> & {
  responseMs?: number | null;
  /** The (retracted) label this one replaces: a relabel after an undo. */
  revises?: number | null;
  liveModels?: string[];
  createdAt?: number;
};
export type NewModel = Omit<ModelRecord, 'id' | 'createdAt' | 'parent'> & {
  /** Default `${task}-${kind}-${hash.slice(0, 12)}`. */
  id?: string;
  parent?: string | null;
  createdAt?: number;
};

/** One Bradley–Terry / DPO training pair: target y = P(a ≻ b). */
export interface TrainingPair {
  labelId: number;
  queryId: number;
  stateId: number;
  annotator: string;
  /** Candidate indices within the query. */
  i: number;
  j: number;
  a: Action;
  b: Action;
  y: 1 | 0 | 0.5;
}

/** One BCO thumbs record. */
export interface TrainingBinary {
  labelId: number;
  queryId: number;
  stateId: number;
  annotator: string;
  i: number;
  action: Action;
  good: boolean;
}

/** One RAPL triplet record (candidate indices; the trainer reads their outcomes' frames). */
export interface TrainingTriplet {
  labelId: number;
  queryId: number;
  stateId: number;
  annotator: string;
  pos: number;
  neu: number;
  neg: number;
  y: 1 | 0.5;
}
