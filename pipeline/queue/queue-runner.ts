/**
 * `JobRunner` over the queue: `runEvaluation` hands it the same self-contained eval jobs it hands
 * the local pool, and they run on whichever workers share the queue.
 */
import { EvalJobSchema, type EvalJobInput, type EvalResult, type JobRunner } from '../eval/index.ts';
import type { QueueClient } from './queue-client.ts';

/**
 * Runs eval jobs through `client`. `models` (role → `sha256:` reference, see `publishModels`)
 * replaces each job's models, so workers fetch them by content hash. `close()` closes the client
 * when `ownsClient`.
 */
export function makeQueueRunner(client: QueueClient, opts: { models?: Record<string, string>; ownsClient?: boolean } = {}): JobRunner {
  return {
    run: (input: EvalJobInput): Promise<EvalResult> => {
      const job = EvalJobSchema.parse(input);
      const payload = opts.models ? { ...job, models: opts.models } : job;
      return client.submit('eval', payload, `eval ${job.task} seed ${job.seed} method ${job.method}`);
    },
    close: async () => {
      if (opts.ownsClient) await client.close();
    },
  };
}
