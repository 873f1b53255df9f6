/**
 * The query-preparation job (ARCHITECTURE.md, "One preference query"): from one snapshot, roll
 * out each candidate action with recording and return its metrics and frames. The preference
 * server keeps the snapshot, observation and scene description it already has; this job does
 * only the slow part, the K rollouts.
 */
import { z } from 'zod';
import { ActionSchema, getTask, initPhysics, Scene, type Action, type Metrics } from '../../sim/index.ts';
import { encodeFrame } from '../../sim/recording/frame-codec.ts';
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

export interface PrepareQueryResult {
  /** Frame record (int16) of the snapshot's state, before any action. */
  startFrame: Uint8Array;
  /** [K] the candidates in the world frame (for drawing arrows). */
  worldCandidates: Action[];
  /** [K] task metrics after each candidate. */
  metrics: Metrics[];
  /** [K][F_k] int16 frame records of each candidate's rollout, 30 fps. */
  frames: Uint8Array[][];
}

export async function runPrepareQueryJob(job: ResolvedPrepareQueryJob): Promise<PrepareQueryResult> {
  const task = getTask(job.task);
  await initPhysics();
  const scene = Scene.create(task, job.seed);
  try {
    scene.restore(job.snapshot);
    const startFrame = encodeFrame({ t: 0, particles: scene.particles(), bodies: scene.poses() }, 'int16');
    const worldCandidates = job.candidates.map((a) => scene.toWorld(a));
    const metrics: Metrics[] = [];
    const frames: Uint8Array[][] = [];
    for (const a of job.candidates) {
      scene.restore(job.snapshot);
      const r = scene.apply(a, { record: true });
      frames.push((r.frames ?? []).map((f) => encodeFrame(f, 'int16')));
      metrics.push(r.metrics);
    }
    return { startFrame, worldCandidates, metrics, frames };
  } finally {
    scene.free();
  }
}
