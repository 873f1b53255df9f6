/**
 * The default live reward model: an explicit Bradley–Terry ensemble (METHODS §4, "Ensembles")
 * trained by reward/models on the task's pair and ranking labels in the store. A trainer module
 * (see reward-trainer.ts): `trainer` runs in the live model's worker thread, `loader` in the server.
 * Only wiring: every learning step is reward/'s.
 */
import { z } from 'zod';
import {
  episodeSplit, evaluateOnStore, ExplicitRewardModel, HELD_OUT_FRACTION, openRewardModel, openStore, pairsFromStore, pairStats,
  registryMetrics, saveAndRegister, trainExplicit,
} from '../../../reward/index.ts';
import { taskAllowsRotation } from '../../../policy/index.ts';
import type { PredictorLoader, RewardTrainer, TrainRequest } from './reward-trainer.ts';

export const LiveExplicitOptionsSchema = z.strictObject({
  ensemble: z.number().int().min(2).max(16).default(3).describe('ensemble members M (bootstrap); the spread is the uncertainty shown'),
  epochs: z.number().int().min(1).default(30).describe('passes over the pairs per retraining (reward train default: 40)'),
  points: z.number().int().min(8).default(128).describe('points sampled per state (reward/models default 128)'),
  minPairs: z.number().int().min(1).default(4).describe('training pairs needed before a model is trained'),
  heldOut: z.number().min(0).max(0.9).default(HELD_OUT_FRACTION).describe('fraction of episodes (scene seeds) held out for labelAccuracy (the split of prefsim reward)'),
  seed: z.number().int().default(0).describe('training seed'),
});
export type LiveExplicitOptions = z.output<typeof LiveExplicitOptionsSchema>;

/** Parses `TrainRequest.options`; errors name the field. */
export function parseLiveExplicitOptions(input: unknown): LiveExplicitOptions {
  const r = LiveExplicitOptionsSchema.safeParse(input ?? {});
  if (!r.success) throw new Error(`live explicit trainer: ${r.error.issues.map((i) => `field ${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

export const trainer: RewardTrainer = {
  name: 'explicit-ensemble',
  async train(req: TrainRequest): Promise<string | null> {
    const o = parseLiveExplicitOptions(req.options);
    const store = openStore({ path: req.dbPath });
    try {
      const split = episodeSplit(store, req.task, o.heldOut);
      const { data } = pairsFromStore(store, req.task, (p) => !split.isHeldOut(p.stateId));
      if (data.y.length < o.minPairs) return null;
      const { model } = await trainExplicit(data, { ensemble: o.ensemble, epochs: o.epochs, points: o.points, seed: o.seed, rotate: taskAllowsRotation(req.task) });
      try {
        // The shared evaluation (reward/models/evaluate.ts): labelAccuracy against the annotators'
        // own held-out labels is the headline; people's outcomes carry no teacher score.
        const metrics = registryMetrics(await evaluateOnStore(model, store, req.task, { fraction: o.heldOut }));
        return saveAndRegister(store, model, req.task, 'explicit', { ...metrics, trainPairs: data.y.length, members: o.ensemble, epochs: o.epochs }).id;
      } finally {
        await model.free();
      }
    } finally {
      store.close();
    }
  },
};

export const loader: PredictorLoader = {
  async load(record) {
    const model = await openRewardModel(record.path, record.id);
    if (!(model instanceof ExplicitRewardModel)) {
      await model.free();
      throw new Error(`live model ${record.id}: field kind: expected an explicit reward model, found ${record.kind}`);
    }
    let freed = false;
    return {
      modelId: record.id,
      async predict(obs, candidates) {
        const k = candidates.length;
        const { scores, members: m } = await model.memberScores(obs, candidates); // [M, K]
        const mean: number[] = [], std: number[] = [];
        for (let i = 0; i < k; i++) {
          let s = 0, s2 = 0;
          for (let j = 0; j < m; j++) { const v = scores[j * k + i]; s += v; s2 += v * v; }
          mean.push(s / m);
          std.push(Math.sqrt(Math.max(0, s2 / m - (s / m) ** 2)));
        }
        const pair = k === 2 ? pairStats(scores, m, 0, 1) : null;
        return { scores: mean, std, pA: pair?.mean ?? null, pStd: pair?.std ?? null };
      },
      free() {
        if (freed) return;
        freed = true;
        void model.free();
      },
    };
  },
};
