/**
 * What an episode file holds, and the zod schema of its JSON section (actions and metrics).
 */
import { z } from 'zod';
import type { Action, Frame, Metrics } from '../types.ts';
import { ActionSchema } from '../validation/index.ts';

/** One applied action, its resulting metrics and which frames it recorded. */
export interface EpisodeStep {
  /** The action as applied (normalised frame unless the recorder says otherwise). */
  action: Action;
  /** Task metrics after the step settled. */
  metrics: Metrics;
  /** Index of the step's first frame in `Episode.frames`. */
  frameStart: number;
  /** Number of frames the step recorded (0 when not recorded). */
  frameCount: number;
}

/** A recorded episode: enough to replay (task, seed, actions) and to inspect (frames, metrics). */
export interface Episode {
  taskId: string;
  /** Seed the scene was created with. */
  seed: number;
  /** Metrics of the initial state, before any step. */
  initialMetrics?: Metrics;
  steps: EpisodeStep[];
  /** Recorded frames of all steps in order; every frame has the same P and R. */
  frames: Frame[];
}

const MetricsSchema = z.record(z.string(), z.number());

/** The JSON section: steps without frames, plus the initial metrics. */
export const EpisodeJsonSchema = z
  .object({
    initialMetrics: MetricsSchema.optional(),
    steps: z.array(
      z
        .object({
          action: ActionSchema,
          metrics: MetricsSchema,
          frameStart: z.number().int().nonnegative(),
          frameCount: z.number().int().nonnegative(),
        })
        .strict(),
    ),
  })
  .strict();
export type EpisodeJson = z.infer<typeof EpisodeJsonSchema>;
