/** Pool-thread entry of a queue worker: one Rapier world and ONNX sessions per thread. */
import { executeJob, type ExecRequest } from './execute.ts';

export default function (req: ExecRequest) {
  return executeJob(req);
}
