/**
 * The live reward model of the viewer (ARCHITECTURE.md, "Where the three uses run"): an explicit
 * Bradley–Terry ensemble (METHODS §4, "Ensembles") retrained on the store's pair and ranking labels
 * by the store trainer every `prefsim reward train` uses (`trainExplicitOnStore`: whole-episode
 * held-out split of `HELD_OUT_FRACTION`, early stopping, `evaluateOnStore`'s registry keys), and
 * its view of one query's candidates from the ensemble statistics. The viewer only runs these, in
 * a worker thread (training) and in the server (prediction).
 */
import { z } from 'zod';
import { openStore, type ModelRecord } from '../store/index.ts';
import type { Action, Observation } from '../../sim/types.ts';
import { pairStats } from './ensemble.ts';
import { ExplicitRewardModel } from './explicit-model.ts';
import { openRewardModel } from './model-io.ts';
import { episodeSplit, HELD_OUT_FRACTION } from './split.ts';
import { pairsFromStore } from './store-data.ts';
import { trainExplicitOnStore } from './train-on-store.ts';

export const LiveEnsembleOptionsSchema = z.strictObject({
  ensemble: z
    .number()
    .int()
    .min(2)
    .max(16)
    .default(3)
    .describe('ensemble members M (bootstrap); the spread is the uncertainty shown'),
  epochs: z
    .number()
    .int()
    .min(1)
    .default(30)
    .describe('passes over the pairs per retraining (reward train default: 40)'),
  points: z.number().int().min(8).default(128).describe('points sampled per state (reward/models default 128)'),
  minPairs: z.number().int().min(1).default(4).describe('training pairs needed before a model is trained'),
  heldOut: z
    .number()
    .min(0)
    .max(0.9)
    .default(HELD_OUT_FRACTION)
    .describe('fraction of episodes (scene seeds) held out for labelAccuracy (the split of prefsim reward)'),
  seed: z.number().int().default(0).describe('training seed'),
});
export type LiveEnsembleOptions = z.output<typeof LiveEnsembleOptionsSchema>;

/** Parses the trainer options the server passes on; errors name the field. */
export function parseLiveEnsembleOptions(input: unknown): LiveEnsembleOptions {
  const r = LiveEnsembleOptionsSchema.safeParse(input ?? {});
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `field ${i.path.join('.')}: ${i.message}`).join('; ');
  throw new Error(`live explicit trainer: ${issues}`);
}

/**
 * Trains and registers a live ensemble on the task's labels in the store at `dbPath`; returns the
 * registered model's id, or null while fewer than `minPairs` training pairs exist.
 */
export async function trainLiveEnsemble(dbPath: string, task: string, options: unknown): Promise<string | null> {
  const o = parseLiveEnsembleOptions(options);
  const store = openStore({ path: dbPath });
  try {
    const split = episodeSplit(store, task, o.heldOut);
    const pairs = pairsFromStore(store, task, (p) => !split.isHeldOut(p.stateId)).data.y.length;
    if (pairs < o.minPairs) return null;
    // labelAccuracy against the annotators' own held-out labels is the headline;
    // people's outcomes carry no teacher score.
    const r = await trainExplicitOnStore(
      store,
      task,
      { ensemble: o.ensemble, epochs: o.epochs, points: o.points, seed: o.seed },
      {
        heldOut: o.heldOut,
        extraMetrics: { members: o.ensemble, epochs: o.epochs },
      },
    );
    return r.id;
  } finally {
    store.close();
  }
}

/** The ensemble's view of one query's candidates. */
export interface CandidatePrediction {
  /** [K] mean reward per candidate. */
  scores: number[];
  /** [K] ensemble standard deviation per candidate. */
  std: number[];
  /** For two candidates: P(A ≻ B) and its spread across members; else null. */
  pA: number | null;
  pStd: number | null;
}

/** Mean and std over members of each candidate's score, and P(A ≻ B) for a pair. */
export async function predictCandidates(
  model: ExplicitRewardModel,
  obs: Observation,
  candidates: Action[],
): Promise<CandidatePrediction> {
  const k = candidates.length;
  const { scores, members: m } = await model.memberScores(obs, candidates); // [M, K]
  const mean: number[] = [],
    std: number[] = [];
  for (let i = 0; i < k; i++) {
    let s = 0,
      s2 = 0;
    for (let j = 0; j < m; j++) {
      const v = scores[j * k + i];
      s += v;
      s2 += v * v;
    }
    mean.push(s / m);
    std.push(Math.sqrt(Math.max(0, s2 / m - (s / m) ** 2)));
  }
  const pair = k === 2 ? pairStats(scores, m, 0, 1) : null;
  return { scores: mean, std, pA: pair?.mean ?? null, pStd: pair?.std ?? null };
}

/** Opens a registered live ensemble for prediction; a model of another kind is refused, naming the field. */
export async function openLiveEnsemble(record: ModelRecord): Promise<ExplicitRewardModel> {
  const model = await openRewardModel(record.path, record.id);
  if (!(model instanceof ExplicitRewardModel)) {
    await model.free();
    throw new Error(`live model ${record.id}: field kind: expected an explicit reward model, found ${record.kind}`);
  }
  return model;
}
