/** Public face of reward/store: the SQLite preference store and its JSONL export/import. */
export { PreferenceStore, openStore } from './preference-store.ts';
export type { StoreOptions } from './preference-store.ts';
export { trainingPairs, trainingBinary, trainingTriplets } from './training-view.ts';
export type { TrainingOptions, LabelSource } from './training-view.ts';
export type {
  StateRecord,
  QueryRecord,
  OutcomeRecord,
  LabelRecord,
  ModelRecord,
  NewState,
  NewQuery,
  NewOutcome,
  NewLabel,
  NewModel,
  TrainingPair,
  TrainingBinary,
  TrainingTriplet,
  JsonValue,
} from './records.ts';
export { defaultDbPath, DEFAULT_DB_PATH } from './db-path.ts';
export { SCHEMA_VERSION, MIGRATIONS, migrate } from './migrations.ts';
export { StoreError } from './store-error.ts';
export { exportJsonl, writeJsonlFile } from './jsonl-export.ts';
export { sealJsonl, TrailerSchema, ROW_TYPES } from './jsonl-trailer.ts';
export type { Trailer, RowCounts } from './jsonl-trailer.ts';
export { writeFileAtomic } from './atomic-file.ts';
export { importJsonl, importJsonlFile } from './jsonl-import.ts';
export type { ImportSummary, ImportOptions } from './jsonl-import.ts';
export { JsonlLineSchema, JSONL_FORMAT } from './jsonl-schema.ts';
export type { JsonlLine } from './jsonl-schema.ts';
export { ActionSchema, Vec3Schema, MetricsSchema } from './action-schema.ts';
export { encodeObservation, decodeObservation } from './observation-codec.ts';
export { annotatorStats, labelPreferences, medianWithInterval } from './annotator-stats.ts';
export type { AnnotatorStats, AnnotatorReport, AnnotatorStatsOptions } from './annotator-stats.ts';
export { exportCsv, writeCsvFile, csvCell, CSV_COLUMNS } from './csv-export.ts';
export { exportHf, writeHfFile } from './hf-export.ts';
export type { HfLine, HfSide, HfSummary, HfSkipped } from './hf-export.ts';
