/**
 * The query-preparation job (ARCHITECTURE.md, "One preference query"): from one snapshot, roll
 * out each candidate action with recording and return its metrics and frames. The preference
 * server keeps the snapshot, observation and scene description it already has; this job does
 * only the slow part, the K rollouts.
 */
import { z } from 'zod';
import { ActionSchema, loadTask, initPhysics, rolloutCandidates, Scene, type CandidateRollouts } from '../../sim/index.ts';
import { HashRefSchema } from './content-hash.ts';

export const PrepareQueryJobSchema = z
  .object({
    task: z.string().describe('task id'),
    seed: z.number().int().min(0).describe('seed the snapshot\'s scene was created with'),
    snapshot: HashRefSchema.describe('scene.snapshot() bytes in the blob store; every candidate starts from it'),
    candidates: z.array(ActionSchema).min(1).max(64).describe('[K] candidate actions, normalised frame'),
  })
  .strict();

export type PrepareQueryJob = z.infer<typeof PrepareQueryJobSchema>;
export type PrepareQueryJobInput = z.input<typeof PrepareQueryJobSchema>;
export type ResolvedPrepareQueryJob = Omit<PrepareQueryJob, 'snapshot'> & { snapshot: Uint8Array };

/** What a prepare-query job returns: the K recorded rollouts. */
export type PrepareQueryResult = CandidateRollouts;

export async function runPrepareQueryJob(job: ResolvedPrepareQueryJob): Promise<PrepareQueryResult> {
  const task = await loadTask(job.task);
  await initPhysics();
  const scene = Scene.create(task, job.seed);
  try {
    return rolloutCandidates(scene, job.snapshot, job.candidates);
  } finally {
    scene.free();
  }
}
