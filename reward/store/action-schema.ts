/**
 * The store's schemas of query candidates and metrics. Actions use the one `ActionSchema` of
 * sim/validation (zod 4 numbers already refuse NaN and ±Infinity).
 */
import { z } from 'zod';
import { ActionSchema, Vec3Schema } from '../../sim/validation/action-schema.ts';

export { ActionSchema, Vec3Schema };

/** Task metrics: string keys, finite numbers. */
export const MetricsSchema = z.record(z.string(), z.number());
