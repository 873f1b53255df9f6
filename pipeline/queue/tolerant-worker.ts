/**
 * A BullMQ Worker that survives a job whose stored JSON does not parse. BullMQ parses the job
 * hash after moving it to `active`; a parse error there escapes the processor, so the job would
 * sit in `active` (and come back after every stalled check). Here such a job is rebuilt with an
 * empty payload and its parse error remembered, so the processor can fail it for good: it lands
 * in the failed set under its own id, with the reason.
 */
import { Worker, type Job, type JobJson } from 'bullmq';

export class TolerantWorker extends Worker {
  /** Job id → why its stored JSON was refused. Read (and cleared) by `takeCorruption`. */
  readonly #corrupt = new Map<string, string>();

  protected override createJob(data: JobJson, jobId: string): Job {
    try {
      return super.createJob(data, jobId);
    } catch (e) {
      // Only the payload is parsed here: anything else that fails is not ours to repair.
      if (parses(data.data)) throw e;
      const id = data.id || jobId;
      this.#corrupt.set(id, `job ${id}: stored payload is not valid JSON (${(e as Error).message})`);
      return super.createJob({ ...data, data: '{}' }, jobId);
    }
  }

  /** The parse error of job `id` if its stored JSON was corrupt; forgets it. */
  takeCorruption(id: string): string | undefined {
    const why = this.#corrupt.get(id);
    this.#corrupt.delete(id);
    return why;
  }
}

function parses(text: string | undefined): boolean {
  try {
    JSON.parse(text || '{}');
    return true;
  } catch {
    return false;
  }
}
