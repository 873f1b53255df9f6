/**
 * The query-preparation job (ARCHITECTURE.md, "One preference query"): the rollout stage of
 * `prepareQuery` on a queue worker. From one snapshot it runs each candidate with recording
 * (`runCandidates`, the same function as everywhere else) and returns the runs as bytes. The
 * preference server keeps the snapshot, observation, selection and scene description it already
 * has; this job does only the slow part, the K rollouts.
 */
import { z } from 'zod';
// Direct file imports: a queue worker needs the rollout, not the policies collection can open.
import { encodeRuns, startFrame, type EncodedRuns } from '../../reward/collect/encoded-runs.ts';
import { runCandidates } from '../../reward/collect/outcome.ts';
import { ActionSchema, initPhysics, loadTask, Scene } from '../../sim/index.ts';
import { HashRefSchema } from './content-hash.ts';

export const PrepareQueryJobSchema = z
  .object({
    task: z.string().describe('task id'),
    seed: z.number().int().min(0).describe("seed the snapshot's scene was created with"),
    snapshot: HashRefSchema.describe('scene.snapshot() bytes in the blob store; every candidate starts from it'),
    candidates: z.array(ActionSchema).min(1).max(64).describe('[K] candidate actions, normalised frame'),
  })
  .strict();

export type PrepareQueryJob = z.infer<typeof PrepareQueryJobSchema>;
export type PrepareQueryJobInput = z.input<typeof PrepareQueryJobSchema>;
export type ResolvedPrepareQueryJob = Omit<PrepareQueryJob, 'snapshot'> & { snapshot: Uint8Array };

/** What a prepare-query job returns: the K recorded rollouts, with the snapshot after each. */
export type PrepareQueryResult = EncodedRuns;

export async function runPrepareQueryJob(job: ResolvedPrepareQueryJob): Promise<PrepareQueryResult> {
  const task = await loadTask(job.task);
  await initPhysics();
  const scene = Scene.create(task, job.seed);
  try {
    scene.restore(job.snapshot);
    const start = startFrame(scene);
    return encodeRuns(start, runCandidates(scene, job.snapshot, job.candidates));
  } finally {
    scene.free();
  }
}
