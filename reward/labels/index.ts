/** Public face of reward/labels: the `Label` schema and its expansion into training records. */
export {
  LabelSchema,
  PairLabelSchema,
  RankingLabelSchema,
  BinaryLabelSchema,
  TripletLabelSchema,
  TripletEqualLabelSchema,
  LABEL_KINDS,
  candidateCountFor,
} from './label-schema.ts';
export type {
  Label,
  LabelKind,
  PairLabel,
  RankingLabel,
  BinaryLabel,
  TripletLabel,
  TripletEqualLabel,
} from './label-schema.ts';
export type { PairRecord, BinaryRecord, TripletRecord, Expansion } from './training-records.ts';
export { expandLabel, expandRanking } from './expand-label.ts';
export type { ExpandOptions } from './expand-label.ts';
export { labelMismatch } from './check-label.ts';
export { describeIssues, showValue, issuePath } from './describe-issues.ts';
