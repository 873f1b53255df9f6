/**
 * The default live reward model as a trainer module (see reward-trainer.ts): the explicit
 * Bradley–Terry ensemble of reward/models/live-ensemble.ts. `trainer` runs in the live model's
 * worker thread, `loader` in the server. Only wiring: every learning step is reward/'s.
 */
import { openLiveEnsemble, predictCandidates, trainLiveEnsemble } from '../../../reward/index.ts';
import type { PredictorLoader, RewardTrainer, TrainRequest } from './reward-trainer.ts';

export {
  LiveEnsembleOptionsSchema as LiveExplicitOptionsSchema,
  type LiveEnsembleOptions as LiveExplicitOptions,
} from '../../../reward/index.ts';

export const trainer: RewardTrainer = {
  name: 'explicit-ensemble',
  train: (req: TrainRequest) => trainLiveEnsemble(req.dbPath, req.task, req.options),
};

export const loader: PredictorLoader = {
  async load(record) {
    const model = await openLiveEnsemble(record);
    let freed: Promise<void> | null = null;
    return {
      modelId: record.id,
      predict: (obs, candidates) => predictCandidates(model, obs, candidates),
      free: () => (freed ??= model.free()),
    };
  },
};
