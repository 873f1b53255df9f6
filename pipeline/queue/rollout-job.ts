/**
 * The generic rollout job: one episode of a method (METHODS registry) on a task, from the seeded
 * start or from a stored snapshot, optionally recorded. Payload and result shapes plus the
 * function that runs it (in a worker process or thread; no Redis here).
 */
import { z } from 'zod';
import { loadTask, initPhysics, runEpisode, Scene, type Action, type Metrics } from '../../sim/index.ts';
import { encodeFrame } from '../../sim/recording/frame-codec.ts';
import { METHODS } from '../eval/index.ts';
import { HashRefSchema } from './content-hash.ts';

export const RolloutJobSchema = z
  .object({
    task: z.string().describe('task id'),
    seed: z.number().int().min(0).describe('seed of the initial state and of the actor'),
    actor: z.string().default('expert').describe('method id (METHODS registry: expert, random, learned ones)'),
    models: z.record(z.string(), HashRefSchema).default({}).describe('role → model content hash'),
    snapshot: HashRefSchema.optional().describe(
      'start from this scene snapshot (blob store) instead of the seeded start',
    ),
    steps: z.number().int().positive().optional().describe('action limit (default: the task step limit)'),
    candidates: z.number().int().min(1).default(8).describe('candidates per decision, N (paper 8)'),
    record: z.boolean().default(false).describe('return int16 frame records of every step (30 fps)'),
  })
  .strict();

export type RolloutJob = z.infer<typeof RolloutJobSchema>;
export type RolloutJobInput = z.input<typeof RolloutJobSchema>;

/** A rollout job after the worker resolved its references: local model paths, snapshot bytes. */
export type ResolvedRolloutJob = Omit<RolloutJob, 'snapshot' | 'models'> & {
  models: Record<string, string>;
  snapshot?: Uint8Array;
};

export interface RolloutResult {
  task: string;
  seed: number;
  actor: string;
  start: Metrics;
  steps: { action: Action; worldAction: Action; metrics: Metrics; success: boolean }[];
  final: Metrics;
  success: boolean;
  stepsToSuccess: number;
  /** [steps][F] int16 frame records, present when `record`. */
  frames?: Uint8Array[][];
}

export async function runRolloutJob(job: ResolvedRolloutJob): Promise<RolloutResult> {
  const task = await loadTask(job.task);
  const factory = METHODS[job.actor];
  if (!factory) throw new Error(`actor: unknown method "${job.actor}"; accepted: ${Object.keys(METHODS).join(', ')}`);
  await initPhysics();
  const method = await factory({
    task: job.task,
    seed: job.seed,
    method: job.actor,
    models: job.models,
    steps: job.steps,
    candidates: job.candidates,
  });
  const scene = Scene.create(task, job.seed);
  try {
    if (job.snapshot) scene.restore(job.snapshot);
    const r = await runEpisode(scene, method.act, { steps: job.steps, actorSeed: job.seed, record: job.record });
    return {
      task: job.task,
      seed: job.seed,
      actor: job.actor,
      start: r.start,
      steps: r.steps.map((s) => ({
        action: s.action,
        worldAction: s.worldAction,
        metrics: s.metrics,
        success: s.success,
      })),
      final: r.final,
      success: r.success,
      stepsToSuccess: r.stepsToSuccess,
      frames: r.frames?.map((fs) => fs.map((f) => encodeFrame(f, 'int16'))),
    };
  } finally {
    scene.free();
    await method.free();
  }
}
