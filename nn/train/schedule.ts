/** Learning-rate schedules, as pure functions of the step number (0-based). */
import { z } from 'zod';

export const ScheduleConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant').describe('the base learning rate at every step') }),
  z.object({
    kind: z.literal('cosine').describe('linear warm-up from 0, then cosine decay to minLr'),
    warmupSteps: z.number().int().min(0).default(0).describe('steps of linear warm-up'),
    totalSteps: z.number().int().positive().describe('steps until the rate reaches minLr'),
    minLr: z.number().min(0).default(0).describe('final learning rate'),
  }),
]);
export type ScheduleConfig = z.infer<typeof ScheduleConfigSchema>;

/** Learning rate at `step` for base rate `lr`. */
export function learningRate(s: ScheduleConfig, lr: number, step: number): number {
  if (s.kind === 'constant') return lr;
  if (step < s.warmupSteps) return (lr * (step + 1)) / s.warmupSteps;
  const span = Math.max(1, s.totalSteps - s.warmupSteps);
  const p = Math.min(1, (step - s.warmupSteps) / span);
  return s.minLr + 0.5 * (lr - s.minLr) * (1 + Math.cos(Math.PI * p));
}
