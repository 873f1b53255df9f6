/** Preparing queries ahead of annotators: candidate sources, the rollout worker, the pool. */
export {
  type CandidateSource,
  defaultPolicyFile,
  openCandidateSource,
  CANDIDATE_SOURCES,
  CANDIDATE_SOURCE_NAMES,
  AUTO_CANDIDATE_SOURCE,
  DEFAULT_CANDIDATE_SOURCE,
} from './candidate-source.ts';
export type { PreparedQuery } from './prepared-query.ts';
export type { LiveModelRef } from './rollout-messages.ts';
export { prepareServedQuery, type ServedQueryConfig } from './served-query.ts';
export { QueryPreparer } from './query-preparer.ts';
export { QueryPool, type PoolEntry, type QueryPoolOptions } from './query-pool.ts';
export { sceneInfo } from './scene-info.ts';
