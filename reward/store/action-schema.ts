/**
 * zod form of sim/types.ts `Action`, for query candidates read from and written to the store.
 */
import { z } from 'zod';
import { PRIMITIVES, type Action } from '../../sim/types.ts';

const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });

export const Vec3Schema = z.tuple([finite, finite, finite]);

export const ActionSchema = z.strictObject({
  primitive: z.enum(PRIMITIVES),
  p0: Vec3Schema,
  p1: Vec3Schema,
}) satisfies z.ZodType<Action>;

/** Task metrics: string keys, finite numbers. */
export const MetricsSchema = z.record(z.string(), finite);
