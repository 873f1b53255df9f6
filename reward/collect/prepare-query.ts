/**
 * One preference query up to the label (ARCHITECTURE.md, "One preference query"), the same for
 * headless collection, the loop, the viewer's rollout worker and the queue: snapshot → observe →
 * K · oversample candidates from the policy → the selector picks the shown ones (scored by the
 * model) → each is run from the same snapshot with recording. Queries whose shown outcomes barely
 * differ are drawn again (issue 16), and how many were skipped comes back. Who labels the result
 * (a teacher or a person) is the caller's business; `storeLabelledQuery` stores it either way.
 */
import { z } from 'zod';
import type { Rng } from '../../core/rng.ts';
import type { Scene } from '../../sim/index.ts';
import type { Action, Frame, Observation } from '../../sim/types.ts';
import type { UncertainRewardModel } from '../models/index.ts';
import type { Policy, Selector, SelectorName } from '../selection/index.ts';
import { runCandidates, type CandidateRun } from './outcome.ts';
import { closestOutcomes } from './outcome-distance.ts';

export const PrepareConfigSchema = z.strictObject({
  pool: z.number().int().min(1).describe('candidates drawn from the policy (K · oversample)'),
  size: z.number().int().min(1).describe('candidates shown (2 for a pair, 3 for a triplet, K for a ranking)'),
  obsPoints: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("points of the observation (paper: 3000–3500); default: the policy's own (`Policy.obsPoints`)"),
  expert: z.boolean().default(false).describe("append the scripted expert's action as an extra last candidate"),
  minOutcomeDistance: z
    .number()
    .min(0)
    .default(0)
    .describe('shown outcomes closer than this (mean object-point distance, metres) are drawn again; 0: off'),
  maxRedraws: z
    .number()
    .int()
    .min(0)
    .default(4)
    .describe('draws skipped for near-identical outcomes before one is shown anyway'),
});
export type PrepareConfig = z.output<typeof PrepareConfigSchema>;
export type PrepareConfigInput = z.input<typeof PrepareConfigSchema>;

/** What proposes, chooses and scores a query's candidates; interfaces passed in (STYLE.md §11). */
export interface QueryStages {
  policy: Policy;
  selector: Selector;
  /** Reward model the selector scores with (disagreement and entropy need one). */
  model?: UncertainRewardModel;
  /** Where the shown candidates run (default: here, `runCandidates`); e.g. on queue workers. */
  rollouts?: RolloutRunner;
}

/** Runs each normalised candidate from `snapshot` with recording; the scene may be left anywhere. */
export type RolloutRunner = (scene: Scene, snapshot: Uint8Array, candidates: Action[]) => Promise<CandidateRun[]>;

const localRollouts: RolloutRunner = async (scene, snapshot, candidates) => runCandidates(scene, snapshot, candidates);

/** A query with its outcomes, not yet labelled. */
export interface PreparedCandidates {
  /** `scene.snapshot()` of the state every candidate starts from. */
  snapshot: Uint8Array;
  /** The observation the policy and the selector saw (and the store keeps). */
  obs: Observation;
  /** [K] shown candidates, normalised frame (the expert's last when `expert`). */
  candidates: Action[];
  /** Index of the expert's candidate, or null. */
  expertIndex: number | null;
  /** The selector that chose the shown candidates and its score (null for uniform). */
  selector: SelectorName;
  selectorScore: number | null;
  /** [K] each shown candidate's run from `snapshot`. */
  runs: CandidateRun[];
  /** Draws skipped because their outcomes were closer than `minOutcomeDistance`. */
  skipped: number;
  /** Smallest outcome distance among the shown candidates, metres (Infinity for one candidate). */
  closest: number;
}

/** Prepares one query from the scene's current state; the scene is left restored to it. */
export async function prepareQuery(
  scene: Scene,
  stages: QueryStages,
  cfgIn: PrepareConfigInput,
  rng: Rng,
): Promise<PreparedCandidates> {
  const cfg = PrepareConfigSchema.parse(cfgIn);
  const rollouts = stages.rollouts ?? localRollouts;
  const snapshot = scene.snapshot();
  const obs = scene.observe(cfg.obsPoints ?? stages.policy.obsPoints, rng.fork());
  for (let skipped = 0; ; skipped++) {
    const pool = await stages.policy.sample(obs, cfg.pool, rng);
    const choice = await stages.selector.pick(obs, pool, cfg.size, rng, stages.model);
    const candidates = choice.indices.map((i) => pool[i]);
    if (cfg.expert) candidates.push(scene.task.expert(scene, rng.fork(), 1)[0]);
    const runs = await rollouts(scene, snapshot, candidates);
    scene.restore(snapshot);
    const closest = closestOutcomes(endStates(runs));
    if (closest >= cfg.minOutcomeDistance || skipped >= cfg.maxRedraws) {
      return {
        snapshot,
        obs,
        candidates,
        expertIndex: cfg.expert ? candidates.length - 1 : null,
        selector: stages.selector.name,
        selectorScore: choice.score,
        runs,
        skipped,
        closest,
      };
    }
  }
}

/** The last recorded frame of each run (a run without frames takes part in no comparison). */
function endStates(runs: CandidateRun[]): Frame[] {
  return runs.flatMap((r) => (r.frames.length > 0 ? [r.frames[r.frames.length - 1]] : []));
}
