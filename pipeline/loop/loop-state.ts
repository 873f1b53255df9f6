import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { PreferenceStore } from '../../reward/index.ts';
import { LoopConfigSchema, type LoopConfig } from './loop-config.ts';
import { SCENE_SEED_LAYOUTS } from './scene-seeds.ts';

/** Loop states saved before issue 12 call the figure `heldOutAccuracy`; they still resume. */
const legacyAccuracy = (v: unknown) => {
  if (v === null || typeof v !== 'object' || 'labelAccuracy' in v || !('heldOutAccuracy' in v)) return v;
  const { heldOutAccuracy, ...rest } = v as Record<string, unknown>;
  return { ...rest, labelAccuracy: heldOutAccuracy, labelPairs: null };
};

/** The improve step of one round (issue 19 §2). */
export const ImproveSummarySchema = z.object({
  method: z.literal('raft'),
  policyPath: z.string(),
  policyId: z.string().nullable(),
  /** Mean reward score of the kept and of all candidates on the sampled states. */
  meanScoreKept: z.number(),
  meanScoreAll: z.number(),
  /** SL (a random candidate, no reward at inference) of the fine-tuned policy over the evaluation seeds. */
  slFinal: z.number(),
  slSuccess: z.number(),
});
export type ImproveSummary = z.infer<typeof ImproveSummarySchema>;

/** What one finished round reports (issue 7: label count, accuracy, ECE, metric under RAS). */
export const RoundSummarySchema = z.preprocess(
  legacyAccuracy,
  z.object({
    round: z.number().int(),
    labels: z
      .number()
      .int()
      .describe(
        "labels the round's model trained from (this run's, or the task's with reuseLabels), before the held-out split",
      ),
    epochsUsed: z.number().nullable().default(null).describe('reward training epochs actually run (mean over members)'),
    modelId: z.string(),
    labelAccuracy: z
      .number()
      .nullable()
      .describe('held-out agreement with the stored labels (reward/models/evaluate.ts)'),
    labelPairs: z.number().int().nullable().describe('held-out pairs behind labelAccuracy'),
    ece: z.number().nullable(),
    spearman: z.number().nullable().describe('Spearman ρ of the reward against the return, held out'),
    rasFinal: z.number().describe('mean final task metric under RAS over the evaluation seeds'),
    rasSuccess: z.number(),
    improve: ImproveSummarySchema.optional().describe('with improve raft: the fine-tuned policy of this round'),
  }),
);
export type RoundSummary = z.infer<typeof RoundSummarySchema>;

/** The loop's progress, kept in the store's `runs` table so a killed loop continues. */
export const LoopStateSchema = z.object({
  config: LoopConfigSchema,
  phase: z.enum(['policy', 'collect', 'train', 'improve', 'eval', 'done']),
  /** Collection scene seeds (scene-seeds.ts): states saved before `episodes` existed resume with `legacy`. */
  seedLayout: z.enum(SCENE_SEED_LAYOUTS).default('legacy'),
  round: z.number().int(),
  /** Entries of `labelIds` when the current round's collection started. */
  labelsAtRoundStart: z.number().int(),
  /** Ids of the labels this run collected, in order (saved in each label's own transaction). */
  labelIds: z.array(z.number().int()).default([]),
  policyPath: z.string().nullable(),
  /** The policy the run started from (policyPath moves on to each round's fine-tuned policy with improve). */
  basePolicyPath: z.string().nullable().default(null),
  pendingImprove: ImproveSummarySchema.nullable().default(null),
  modelId: z.string().nullable(),
  modelPath: z.string().nullable(),
  pendingTrain: z.preprocess(
    legacyAccuracy,
    z
      .object({
        labelAccuracy: z.number().nullable(),
        labelPairs: z.number().int().nullable(),
        ece: z.number().nullable(),
        spearman: z.number().nullable(),
        labels: z.number().int().default(0),
        epochsUsed: z.number().nullable().default(null),
      })
      .nullable(),
  ),
  slFinal: z.number().nullable().describe('SL baseline: mean final metric of the policy alone'),
  rounds: z.array(RoundSummarySchema),
});
export type LoopState = z.infer<typeof LoopStateSchema>;

/** Run key of a config: the same flags resume the same run. */
export function loopRunKey(config: LoopConfig): string {
  const hash = createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 12);
  return `loop:${config.task}:${hash}`;
}

export function loadLoopState(store: PreferenceStore, key: string): LoopState | null {
  const raw = store.getRun(key);
  if (raw === undefined || raw === null) return null;
  const r = LoopStateSchema.safeParse(raw);
  if (!r.success)
    throw new Error(
      `loop state ${key} in ${store.path} is unreadable: ${r.error.issues[0].path.join('.')}: ` +
        `${r.error.issues[0].message}`,
    );
  return r.data;
}

export function saveLoopState(store: PreferenceStore, key: string, state: LoopState): void {
  store.setRun(key, LoopStateSchema.parse(state));
}
