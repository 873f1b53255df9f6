/**
 * What a policy checkpoint records to rebuild and use its network: the task, the configs, and
 * the action normaliser (Diffusion Policy saves the normaliser with the model). Stored as the
 * checkpoint's `architecture` metadata and parsed with zod on load.
 */
import { z } from 'zod';
import { PRIMITIVES } from '../../sim/index.ts';
import { ACTION_DIM } from '../action-codec.ts';
import { NetworkConfigSchema, ScheduleConfigSchema, TrainConfigSchema } from './config.ts';
import { formatZodError } from '../../core/zod-error.ts';

export const POLICY_KIND = 'prefsim-diffusion-policy/1';

const Six = z.array(z.number()).length(ACTION_DIM);

export const PolicyArchitectureSchema = z.object({
  kind: z.literal(POLICY_KIND),
  task: z.string().describe('task id the policy was trained on'),
  primitive: z.enum(PRIMITIVES).describe('primitive of every action it outputs'),
  // Checkpoints written before local features existed have none: their graphs have no such layers.
  network: z.preprocess(
    (v) => (v && typeof v === 'object' && !('localSizes' in v) ? { ...v, localSizes: [] } : v),
    NetworkConfigSchema,
  ),
  schedule: ScheduleConfigSchema,
  actionRange: z.object({ low: Six, high: Six }).describe('normalised-frame range mapped to [-1, 1]'),
  rotate: z.boolean().describe('trained with rotation augmentation about z'),
  train: TrainConfigSchema,
});
export type PolicyArchitecture = z.infer<typeof PolicyArchitectureSchema>;

/** Parses checkpoint architecture metadata; the error names the field. */
export function parseArchitecture(raw: unknown, where: string): PolicyArchitecture {
  const r = PolicyArchitectureSchema.safeParse(raw);
  if (!r.success) {
    throw new Error(`${where}: not a prefsim diffusion policy (${formatZodError(r.error, { top: '(root)' })})`);
  }
  return r.data;
}
