/**
 * Configuration shared by all built-in teachers: the B-Pref decision rule (Lee et al. 2021,
 * METHODS §7) and the style terms that express what the task metric ignores.
 * All thresholds and weights are in return units (the task's per-step reward summed).
 */
import { z } from 'zod';

const positiveOrInfinity = z.custom<number>((v) => typeof v === 'number' && v > 0, {
  message: 'expected a number > 0 (Infinity allowed)',
});
const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });

/** Axis-aligned keep-out rectangle on the table (world frame, metres) and its penalty. */
export const KeepOutSchema = z
  .strictObject({
    xMin: finite,
    xMax: finite,
    yMin: finite,
    yMax: finite,
    /** Tool points higher than this (m) are not in the zone (the tool passes above it). Default: any height. */
    zMax: finite.optional(),
    /** Subtracted from the return if any tool path point is inside. Default 1. */
    weight: finite.nonnegative().default(1),
  })
  .refine((z) => z.xMin < z.xMax && z.yMin < z.yMax, {
    message: 'expected xMin < xMax and yMin < yMax',
    path: ['xMax'],
  });

export const TeacherConfigSchema = z.strictObject({
  /** Label kind produced. Default 'pair'. */
  kind: z.enum(['pair', 'ranking', 'triplet', 'binary']).default('pair'),
  /** Rationality β: P(A ≻ B) = σ(β (R_A − R_B)). Infinity = perfect (B-Pref oracle). Default Infinity. */
  beta: positiveOrInfinity.default(Infinity),
  /** Myopic discount γ ∈ (0, 1]: step t of H weighs γ^(H−1−t), so later steps count more (B-Pref). Default 1. */
  gamma: z.number().gt(0).lte(1).default(1),
  /** Pair: skip when both returns are below this. Default null (never skip). */
  skipBelow: finite.nullable().default(null),
  /** Say "equal" when returns differ by less than this (pair, ranking rest, triplet). Default 0. */
  equalWithin: finite.nonnegative().default(0),
  /** Mistake / noise rate ε ∈ [0, 0.4]: flip a pair (or binary) label with this probability. Default 0. */
  flip: z.number().min(0).max(0.4).default(0),
  /** Keep-out zone penalty, or null. Default null. */
  keepOut: KeepOutSchema.nullable().default(null),
  /**
   * Use the scene's own keep-out zone (sent with the query) in place of `keepOut`'s rectangle.
   * false: the teacher avoids its own table-fixed region whatever the scene marks. Default true.
   */
  zoneFromScene: z.boolean().default(true),
  /** Shorter moves: subtract moveWeight · |p1 − p0| (per metre). Default 0. */
  moveWeight: finite.nonnegative().default(0),
  /** Gentle flings: subtract speedWeight · peakToolSpeed (per m/s). Default 0. */
  speedWeight: finite.nonnegative().default(0),
  /** Binary: thumbs up when the score is at least this. Default 0. */
  goodAbove: finite.default(0),
});

export type TeacherConfig = z.output<typeof TeacherConfigSchema>;
export type TeacherConfigInput = z.input<typeof TeacherConfigSchema>;
export type KeepOut = z.output<typeof KeepOutSchema>;
