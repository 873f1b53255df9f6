/** Public face of reward/collect: the preference collection pipeline (library; the CLI and loops call it). */
export {
  collectQuery,
  labelQuery,
  storeTeacherLabel,
  expertIfFirst,
  querySize,
  teacherQuery,
  CollectConfigSchema,
  type CollectConfig,
  type CollectConfigInput,
  type CollectStages,
  type LabelStages,
  type LabelledResult,
  type QueryResult,
} from './collect-query.ts';
export { collectRun, CollectRunConfigSchema, type CollectRunConfigInput, type CollectProgress } from './collect-run.ts';
export { runCandidate, runCandidates, candidateRun, toolMotion, type CandidateRun } from './outcome.ts';
export {
  prepareQuery,
  PrepareConfigSchema,
  type PrepareConfig,
  type PrepareConfigInput,
  type PreparedCandidates,
  type QueryStages,
  type RolloutRunner,
} from './prepare-query.ts';
export { storeLabelledQuery, type LabelledQuery, type GivenLabel, type StoredQueryIds } from './store-query.ts';
export { outcomeDistance, closestOutcomes } from './outcome-distance.ts';
export { standInPolicy, StandInConfigSchema, type StandInConfigInput } from './stand-in-policy.ts';
export { openCollectPolicy, type CollectPolicy } from './collect-policy.ts';
export { encodeRuns, decodeRuns, startFrame, type EncodedRuns } from './encoded-runs.ts';
