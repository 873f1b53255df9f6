import { z } from 'zod';

/** Reward models the loop can train. */
export const LOOP_MODELS = ['explicit', 'implicit', 'rapl'] as const;

/** The headless preference-learning loop (issue 7 §1). Parsed once at the boundary. */
export const LoopConfigSchema = z
  .object({
    task: z.string().describe('task id'),
    teacher: z.string().default('oracle').describe('synthetic teacher: preset name, name:key=value, or a module path'),
    // Optional, not defaulted: a config without it hashes to the same run key as before the field existed.
    horizon: z.number().int().min(0).max(50).optional().describe('teacher horizon: the return after k further expert steps from each outcome (absent or 0: one step)'),
    rounds: z.number().int().min(1).default(3).describe('rounds of collect → train → evaluate'),
    queriesPerRound: z.number().int().min(1).default(50).describe('preference queries collected per round'),
    selector: z.string().default('uniform').describe('query selector: uniform | disagreement | entropy'),
    oversample: z.number().int().min(1).default(2).describe('candidate pool = K · oversample for the selector'),
    model: z.enum(LOOP_MODELS).default('explicit')
      .describe('reward model trained each round: explicit (Bradley–Terry ensemble), implicit (Diffusion-DPO fine-tune of the policy) or rapl (OT reward on triplet labels; needs a triplet teacher)'),
    ensemble: z.number().int().min(1).max(16).default(3).describe('ensemble members (bootstrap)'),
    epochs: z.number().int().min(1).optional().describe('reward training epochs (default: the model default)'),
    policy: z.string().default('default').describe('candidate policy: default (models/), a policy file, train (expert demos → diffusion policy), or stand-in'),
    demos: z.number().int().min(1).default(100).describe('with --policy train: expert demo states'),
    policyEpochs: z.number().int().min(1).default(200).describe('with --policy train: training epochs'),
    candidates: z.number().int().min(2).default(8).describe('candidates K per query and per RAS decision (paper 8)'),
    evalSeeds: z.number().int().min(1).default(5).describe('seeds of the per-round RAS evaluation'),
    evalSteps: z.number().int().min(1).optional().describe('action limit of evaluation episodes (default: task limit)'),
    seed: z.number().int().min(0).default(0).describe('seed of collection, training and evaluation'),
    reuseLabels: z.boolean().default(false)
      .describe("train on every label of the task in the store, not only this run's (earlier runs' labels are otherwise left out)"),
    warmStart: z.boolean().default(true)
      .describe("explicit reward: start each round's training from the previous round's model (early stopping bounds the epochs)"),
  })
  .strict()
  .refine((c) => c.model === 'explicit' || c.selector === 'uniform', {
    path: ['selector'],
    message: 'disagreement and entropy selection need an explicit ensemble; with model implicit or rapl use selector uniform',
  });

export type LoopConfig = z.infer<typeof LoopConfigSchema>;
export type LoopConfigInput = z.input<typeof LoopConfigSchema>;
