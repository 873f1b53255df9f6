/** Worker-thread entry of the evaluation pool: one Rapier world and ONNX sessions per job. */
import type { EvalJobInput, EvalResult } from './job.ts';
import { runEvalJob } from './run-job.ts';

export default function (job: EvalJobInput): Promise<EvalResult> {
  return runEvalJob(job);
}
