/**
 * The `Teacher` contract (ARCHITECTURE.md): a synthetic stand-in for a person. It sees the true
 * outcome of every candidate of a query and returns the `Label` a person would give.
 */
import { z } from 'zod';
import type { Rng } from '../../core/rng.ts';
import type { Action, Metrics, Vec3 } from '../../sim/types.ts';
import type { Label } from '../labels/index.ts';
// Direct file import: teachers must not load SQLite just for the Action schema.
import { ActionSchema, MetricsSchema, Vec3Schema } from '../store/action-schema.ts';

/** What the teacher is told about the query itself. Extra keys are allowed and passed through. */
export interface TeacherQuery {
  /** Task id, e.g. 'rope-circle'. */
  task: string;
  /** Store id of the query, when it has one. */
  queryId?: number;
  /**
   * The scene's keep-out rectangle (world, metres), when the task has one (push-T: `scene.info`
   * keepOutXMin..YMax, `KEEP_OUT` in sim/tasks/push-t.ts). A keep-out teacher uses this zone
   * instead of its configured one, so the zone always matches the simulated table.
   */
  keepOut?: { xMin: number; xMax: number; yMin: number; yMax: number };
  [key: string]: unknown;
}

/** The true outcome of one candidate, as only a simulator (or a careful person) knows it. */
export interface TeacherOutcome {
  /** The candidate action in the world frame (metres). */
  action: Action;
  /** Per-step task reward, in order (the return is their sum, METHODS §7). At least one entry. */
  rewards: number[];
  /** Tool (gripper / pusher / wiper) positions over the motion, world frame, metres. For keep-out teachers. */
  toolPath?: Vec3[];
  /** Peak tool speed during the motion, m/s. For gentle-fling teachers. */
  peakToolSpeed?: number;
  /** Final task metrics, when known. */
  metrics?: Metrics;
  [key: string]: unknown;
}

/** Which label kind a teacher gives; module teachers may give any. */
export type TeacherKind = 'pair' | 'ranking' | 'triplet' | 'binary' | 'any';

export interface Teacher {
  /** Registry name or `module:PATH`. */
  readonly name: string;
  readonly kind: TeacherKind;
  /** Labels one query. `outcomes[i]` belongs to candidate i. All randomness comes from `rng`. */
  label(query: TeacherQuery, outcomes: TeacherOutcome[], rng: Rng): Label;
  /**
   * The teacher's noise-free score of each outcome (no β noise, no flips): what it means, which
   * its labels say only noisily. Stored per outcome so `teacherAccuracy` can be measured.
   * Absent for teachers that have no such score (user modules).
   */
  score?(query: TeacherQuery, outcomes: TeacherOutcome[]): number[];
}

const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });

export const TeacherQuerySchema = z.looseObject({
  task: z.string().min(1),
  queryId: z.number().int().positive().optional(),
  keepOut: z.strictObject({ xMin: finite, xMax: finite, yMin: finite, yMax: finite }).optional(),
});

export const TeacherOutcomeSchema = z.looseObject({
  action: ActionSchema,
  rewards: z.array(finite).min(1),
  toolPath: z.array(Vec3Schema).optional(),
  peakToolSpeed: finite.nonnegative().optional(),
  metrics: MetricsSchema.optional(),
});
