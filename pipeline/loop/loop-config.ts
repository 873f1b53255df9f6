import { z } from 'zod';
import { DEMO_SEED_LIMITS, LOOP_SEED_LIMITS } from '../../core/seeds.ts';
import { scenesPerRound } from './scene-seeds.ts';

/** Reward models the loop can train. */
export const LOOP_MODELS = ['explicit', 'implicit', 'rapl'] as const;
/** Policy-improvement steps the loop can add after each reward update. */
export const LOOP_IMPROVERS = ['raft'] as const;

/** RAFT settings of the loop (policy/raft RaftConfig; the seed comes from the loop's seed and round). */
const LoopRaftSchema = z.strictObject({
  states: z.number().int().min(1).optional(),
  candidates: z.number().int().min(2).optional(),
  keep: z.number().int().min(1).optional(),
  episodeSteps: z.number().int().min(1).optional(),
  epochs: z.number().int().min(1).optional(),
  lr: z.number().positive().optional(),
  demoWeight: z.number().min(0).max(0.95).optional(),
  demoStates: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("mix in only the first S of the base policy's demo states (default all)"),
});

/** The headless preference-learning loop (issue 7 §1). Parsed once at the boundary. */
export const LoopConfigSchema = z
  .object({
    task: z.string().describe('task id'),
    teacher: z.string().default('oracle').describe('synthetic teacher: preset name, name:key=value, or a module path'),
    // Optional, not defaulted: a config without it hashes to the same run key as before the field existed.
    horizon: z
      .number()
      .int()
      .min(0)
      .max(50)
      .optional()
      .describe('teacher horizon: the return after k further expert steps from each outcome (absent or 0: one step)'),
    rounds: z.number().int().min(1).default(3).describe('rounds of collect → train → evaluate'),
    queriesPerRound: z.number().int().min(1).default(50).describe('preference queries collected per round'),
    selector: z.string().default('uniform').describe('query selector: uniform | disagreement | entropy'),
    oversample: z.number().int().min(1).default(2).describe('candidate pool = K · oversample for the selector'),
    model: z
      .enum(LOOP_MODELS)
      .default('explicit')
      .describe(
        'reward model trained each round: explicit (Bradley–Terry ensemble), implicit (Diffusion-DPO fine-tune of ' +
          'the policy) or rapl (OT reward on triplet labels; needs a triplet teacher)',
      ),
    ensemble: z.number().int().min(1).max(16).default(3).describe('ensemble members (bootstrap)'),
    epochs: z.number().int().min(1).optional().describe('reward training epochs (default: the model default)'),
    policy: z
      .string()
      .default('default')
      .describe(
        'candidate policy: default (models/), a policy file, train (expert demos → diffusion policy), or stand-in',
      ),
    demos: z.number().int().min(1).default(100).describe('with --policy train: expert demo states'),
    policyEpochs: z.number().int().min(1).default(200).describe('with --policy train: training epochs'),
    candidates: z.number().int().min(2).default(8).describe('candidates K per query and per RAS decision (paper 8)'),
    evalSeeds: z
      .number()
      .int()
      .min(1)
      .max(LOOP_SEED_LIMITS.evalSeeds)
      .default(5)
      .describe('seeds of the per-round RAS evaluation'),
    evalSteps: z.number().int().min(1).optional().describe('action limit of evaluation episodes (default: task limit)'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(LOOP_SEED_LIMITS.runSeed)
      .default(0)
      .describe('seed of collection, training and evaluation'),
    reuseLabels: z
      .boolean()
      .default(false)
      .describe(
        "train on every label of the task in the store, not only this run's (earlier runs' labels are otherwise " +
          'left out)',
      ),
    // Optional without a default, so configs without it keep their run key (loopRunKey hashes the config).
    improve: z
      .enum(LOOP_IMPROVERS)
      .optional()
      .describe(
        "after each reward update, improve the policy: raft (fine-tune on the reward's top-k candidates); later " +
          'rounds and the evaluation use it',
      ),
    raft: LoopRaftSchema.optional().describe('with improve raft: RAFT settings (defaults: policy/raft/raft-config.ts)'),
    warmStart: z
      .boolean()
      .default(true)
      .describe(
        "explicit reward: start each round's training from the previous round's model " +
          '(early stopping bounds the epochs)',
      ),
  })
  .strict()
  .refine((c) => c.rounds * scenesPerRound(c.queriesPerRound) <= LOOP_SEED_LIMITS.episodesPerRun, {
    path: ['rounds'],
    message:
      `rounds × ⌈queriesPerRound / 4⌉ (collection episodes) must be at most ${LOOP_SEED_LIMITS.episodesPerRun}: ` +
      "each run seed has that many collection scene seeds, apart from other runs' and the evaluation's",
  })
  .refine((c) => c.policy !== 'train' || c.seed <= DEMO_SEED_LIMITS.seed, {
    path: ['seed'],
    message:
      `with policy train the run seed is also the demo seed, at most ${DEMO_SEED_LIMITS.seed}: ` +
      "higher demo seeds reach the loop's evaluation seeds",
  })
  .refine((c) => c.model === 'explicit' || c.selector === 'uniform', {
    path: ['selector'],
    message:
      'disagreement and entropy selection need an explicit ensemble; with model implicit or rapl use selector uniform',
  });

export type LoopConfig = z.infer<typeof LoopConfigSchema>;
export type LoopConfigInput = z.input<typeof LoopConfigSchema>;
