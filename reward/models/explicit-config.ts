/**
 * Configuration of the explicit Bradley–Terry reward r_ψ(s, a) (METHODS §4) and its training,
 * including ensembles and CRM noise-robust training. Parsed once with zod; read-only after.
 */
import { z } from 'zod';

const sizes = z.array(z.number().int().positive()).min(1);

export const ExplicitConfigSchema = z.strictObject({
  points: z
    .number()
    .int()
    .positive()
    .default(128)
    .describe('points sampled from the observation per state (paper observation: 3000–3500; CPU default 128)'),
  pointSizes: sizes
    .default([64, 128])
    .describe('widths of the shared per-point layers of the action-conditioned PointNet'),
  actionSizes: sizes.default([64]).describe('widths of the action MLP on (p0, p1)'),
  fuse: z.number().int().positive().default(128).describe('width of the fused state-action layer'),
  headSizes: z
    .array(z.number().int().positive())
    .default([64])
    .describe('hidden widths of the head before the scalar output'),
  originInput: z
    .boolean()
    .default(true)
    .describe(
      'give the network the action in the world frame too (p − origin): needed where a goal or zone is fixed on ' +
        'the table (push-T)',
    ),
  rotate: z
    .boolean()
    .default(false)
    .describe(
      'train with random rotations about z of points, actions and origin (only where the task is ' +
        'rotation-invariant: rope, cloth)',
    ),
  ensemble: z.number().int().min(1).max(16).default(1).describe('ensemble members M (bootstrap-resampled when M > 1)'),
  bootstrap: z.boolean().default(true).describe('resample the pairs with replacement per member when M > 1'),
  robust: z
    .enum(['none', 'crm'])
    .default('none')
    .describe("'crm': two-minds peer small-loss training (trains 2 members)"),
  crmTau: z
    .number()
    .min(0)
    .max(0.9)
    .default(0.4)
    .describe('CRM: final dropped fraction τ (≈ expected noise rate; the issue tests 40 %)'),
  crmWarmEpochs: z
    .number()
    .int()
    .min(1)
    .default(10)
    .describe('CRM: epochs over which the keep-rate falls from 1 to 1 − τ'),
  curriculumStart: z
    .number()
    .gt(0)
    .max(1)
    .default(0.5)
    .describe('CRM: fraction of pairs (largest predicted margin first) used in epoch 0; grows to 1 by crmWarmEpochs'),
  lr: z.number().positive().default(1e-3).describe('Adam learning rate'),
  weightDecay: z.number().min(0).default(1e-4).describe('AdamW weight decay'),
  batchSize: z.number().int().positive().default(32).describe('pairs per mini-batch'),
  epochs: z
    .number()
    .int()
    .positive()
    .default(40)
    .describe('maximum passes over the training pairs (early stopping may use fewer)'),
  validation: z
    .number()
    .min(0)
    .max(0.5)
    .default(0.15)
    .describe(
      'fraction of training episodes (scene seeds) held apart for early stopping; 0 trains every epoch on all pairs',
    ),
  patience: z
    .number()
    .int()
    .min(1)
    .default(4)
    .describe('epochs without a validation-loss improvement before training stops (best weights are kept)'),
  minDelta: z
    .number()
    .min(0)
    .default(1e-4)
    .describe('smallest validation-loss decrease (nats) that counts as an improvement'),
  seed: z.number().int().default(0).describe('seed of initialisation, batching and point sampling'),
});

export type ExplicitConfig = z.output<typeof ExplicitConfigSchema>;
export type ExplicitConfigInput = z.input<typeof ExplicitConfigSchema>;
