/** RAPL configuration (METHODS §4; Tian et al. 2024, "What matters to you?"). */
import { z } from 'zod';
import { OT_COSTS } from './sinkhorn.ts';

export const RaplConfigSchema = z.strictObject({
  embed: z.number().int().positive().default(32).describe('embedding width of φ (paper: linear head to 32 dims)'),
  pointSizes: z
    .array(z.number().int().positive())
    .min(1)
    .default([32, 64])
    .describe('per-point layer widths of the frame encoder'),
  toolSizes: z.array(z.number().int().positive()).min(1).default([32]).describe('MLP widths on the tool position'),
  points: z.number().int().positive().default(48).describe('object points per frame'),
  trainFrames: z
    .number()
    .int()
    .min(2)
    .default(45)
    .describe('frames per trajectory while training (paper 45, the same as at reward time)'),
  rewardFrames: z.number().int().min(2).default(45).describe('frames per trajectory when computing rewards (paper 45)'),
  cost: z
    .enum(OT_COSTS)
    .default('euclidean')
    .describe("OT ground cost between frame embeddings: 'euclidean' (the released training code) or 'cosine' 1 − cos"),
  eps: z.number().positive().default(1).describe('Sinkhorn entropic weight ε (paper 1)'),
  trainIters: z.number().int().min(1).default(30).describe('Sinkhorn iterations unrolled in the training graph'),
  tol: z.number().positive().default(1e-6).describe('Sinkhorn tolerance at reward time (paper 1e-6)'),
  maxIter: z.number().int().positive().default(1000).describe('Sinkhorn iteration cap at reward time (paper 1000)'),
  lossForm: z
    .enum(['log', 'linear'])
    .default('log')
    .describe("ordered triplets: 'log' −log p (paper) or 'linear' 1 − p (released code)"),
  lr: z.number().positive().default(1e-3).describe('Adam learning rate (paper 1e-3)'),
  batchSize: z.number().int().positive().default(10).describe('triplets per batch (paper 10)'),
  epochs: z.number().int().positive().default(100).describe('passes over the triplets (paper 100)'),
  validation: z
    .number()
    .min(0)
    .max(0.5)
    .default(0)
    .describe(
      'fraction of triplets held out; the epoch of lowest validation loss is kept ' +
        '(reference 0.2; 0 keeps the last epoch)',
    ),
  seed: z.number().int().default(0),
});
export type RaplConfig = z.output<typeof RaplConfigSchema>;
export type RaplConfigInput = z.input<typeof RaplConfigSchema>;
