/** Public face of reward/collect: the preference collection pipeline (library; the CLI and loops call it). */
export { collectQuery, expertIfFirst, querySize, teacherQuery, CollectConfigSchema, type CollectConfig, type CollectConfigInput, type CollectStages, type QueryResult } from './collect-query.ts';
export { collectRun, CollectRunConfigSchema, type CollectRunConfigInput, type CollectProgress } from './collect-run.ts';
export { runCandidate, toolMotion, type CandidateRun } from './outcome.ts';
export { standInPolicy, StandInConfigSchema, type StandInConfigInput } from './stand-in-policy.ts';
export { openCollectPolicy, type CollectPolicy } from './collect-policy.ts';
