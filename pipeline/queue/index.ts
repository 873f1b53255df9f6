/** Scale-out on BullMQ/Redis (issue 8): queue workers, the coordinator's client, models by content hash. */
export {
  parseQueueUrl,
  QueueUrlSchema,
  openConnection,
  KEY_PREFIX,
  QUEUE_NAME,
  type QueueAddress,
} from './connection.ts';
export { encodeWire, decodeWire } from './wire.ts';
export { HashRefSchema, hashRef, sha256Hex, verifyRef } from './content-hash.ts';
export { BlobStore, type BlobClient } from './blob-store.ts';
export { ModelCache, type ModelCacheOptions } from './model-cache.ts';
export { publishModels, filePathResolver, type ModelPathResolver } from './publish-models.ts';
export {
  RolloutJobSchema,
  runRolloutJob,
  type RolloutJob,
  type RolloutJobInput,
  type RolloutResult,
} from './rollout-job.ts';
export {
  PrepareQueryJobSchema,
  runPrepareQueryJob,
  type PrepareQueryJob,
  type PrepareQueryJobInput,
  type PrepareQueryResult,
} from './prepare-query-job.ts';
export { JOB_KINDS, JOB_SCHEMAS, isJobKind, type JobKind, type JobPayload, type JobResult } from './job-kinds.ts';
export { executeJob, type ExecRequest } from './execute.ts';
export { makeExecutor, type Executor } from './executor.ts';
export {
  startQueueWorker,
  CLOSE_DEADLINE_MS,
  type QueueWorker,
  type QueueWorkerOptions,
  type WorkerEvent,
  type WorkerReply,
} from './queue-worker.ts';
export { QueueClient, QueueJobFailedError, type QueueClientOptions, type SubmitOptions } from './queue-client.ts';
export { makeQueueRunner, TARGET_JOB_MS, type QueueRunnerOptions } from './queue-runner.ts';
export {
  EvalBatchJobSchema,
  runEvalBatchJob,
  MAX_SEEDS_PER_JOB,
  type EvalBatchJob,
  type EvalBatchResult,
} from './eval-batch-job.ts';
export { TolerantWorker } from './tolerant-worker.ts';
export { prepareQueryRemote, SNAPSHOT_TTL_SECONDS, type PrepareQueryRequest } from './prepare-query-remote.ts';
