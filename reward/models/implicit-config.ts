/**
 * Configuration of the implicit Diffusion-DPO reward (METHODS §4, DeformPAM): fine-tuning a copy
 * ε_θ of a trained diffusion policy against the frozen reference ε_ref, and the Monte-Carlo
 * reward estimate. Parsed once with zod; read-only after.
 */
import { z } from 'zod';
import { formatZodError } from '../../core/zod-error.ts';

export const IMPLICIT_LOSSES = ['log-sigmoid', 'sigmoid'] as const;

export const ImplicitConfigSchema = z.strictObject({
  beta: z
    .number()
    .positive()
    .default(10)
    .describe(
      'β of the DPO loss and of the reward r(a) = −β·mean[e_θ − e_ref] (paper 100; CPU default 10, chosen by the ' +
        'sweep in quality/implicit-sweep.md)',
    ),
  loss: z
    .enum(IMPLICIT_LOSSES)
    .default('log-sigmoid')
    .describe("'log-sigmoid': −log σ(−βΔ) (Diffusion-DPO paper); 'sigmoid': −σ(−βΔ) (DeformPAM's released code)"),
  lr: z
    .number()
    .positive()
    .default(1e-3)
    .describe(
      'Adam learning rate (paper 1e-5 over ~800 GPU steps; CPU default 1e-3, chosen by the sweep in ' +
        'quality/implicit-sweep.md)',
    ),
  weightDecay: z.number().min(0).default(0).describe('AdamW weight decay'),
  batchSize: z.number().int().positive().default(32).describe('pairs per mini-batch'),
  epochs: z.number().int().positive().default(10).describe('passes over the pairs'),
  clipNorm: z.number().positive().default(1).describe('gradient global-norm clip'),
  draws: z
    .number()
    .int()
    .positive()
    .default(100)
    .describe('M, Monte-Carlo draws (t, ε) per reward estimate (paper 100)'),
  tFraction: z
    .number()
    .gt(0)
    .max(1)
    .default(0.1)
    .describe('scoring: reward draws use t < tFraction·T, the least-noisy part of the schedule (paper 1/10)'),
  trainTFraction: z
    .number()
    .gt(0)
    .max(1)
    .default(0.1)
    .describe(
      'training: DPO draws t < trainTFraction·T (paper 1, the whole schedule, over ~800 GPU steps; kept equal to ' +
        'tFraction so the signal lands where the reward is read)',
    ),
  pairDraws: z
    .number()
    .int()
    .positive()
    .default(1)
    .describe('(t, ε) draws per pair per step; the loss averages them (lower-variance gradient)'),
  valFraction: z
    .number()
    .min(0)
    .lt(1)
    .default(0.15)
    .describe(
      'fraction of the states (whole states, or episodes when given) held out to pick the epoch; 0 turns early ' +
        'stopping off',
    ),
  patience: z
    .number()
    .int()
    .positive()
    .default(2)
    .describe("stop after this many epochs without a lower validation loss; the best epoch's θ is kept"),
  valDraws: z
    .number()
    .int()
    .positive()
    .default(8)
    .describe('fixed (t, ε) draws per validation pair, the same every epoch, so epochs compare'),
  rotate: z
    .boolean()
    .default(true)
    .describe(
      'training: random rotation about z of points, origin and both actions, when the policy was trained with it',
    ),
  seed: z
    .number()
    .int()
    .default(0)
    .describe("seed of batching, t and ε draws during training, and the scorer's fixed draws"),
});

export type ImplicitConfig = z.output<typeof ImplicitConfigSchema>;
export type ImplicitConfigInput = z.input<typeof ImplicitConfigSchema>;

/** Parses the config; errors name the field. */
export function parseImplicitConfig(input: ImplicitConfigInput): ImplicitConfig {
  const r = ImplicitConfigSchema.safeParse(input);
  if (!r.success) throw new Error(`implicit reward config: ${formatZodError(r.error, { prefix: 'field ', top: '' })}`);
  return r.data;
}
