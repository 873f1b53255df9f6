/**
 * The part of the store that JSONL export and import read: the connection and single-row reads.
 * `PreferenceStore` implements it; naming it here keeps jsonl-export.ts and jsonl-import.ts from
 * importing preference-store.ts, which imports them (no import circle).
 */
import type Database from 'better-sqlite3';
import type { LabelRecord, ModelRecord, OutcomeRecord, QueryRecord, StateRecord } from './records.ts';

export interface StoreRows {
  readonly db: Database.Database;
  getState(id: number): StateRecord;
  getQuery(id: number): QueryRecord;
  outcomesFor(queryId: number): OutcomeRecord[];
  getLabel(id: number): LabelRecord;
  /** Which label a label revises, and when it was retracted (null: current). */
  labelRevision(id: number): { revises: number | null; retractedAt: number | null };
  getModel(id: string): ModelRecord | undefined;
}
