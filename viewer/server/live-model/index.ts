/** The live reward model: retraining in a worker thread, hot swap, predictions for the viewer. */
export { LiveModel, type LiveModelOptions } from './live-model.ts';
export type {
  RewardTrainer,
  RewardPredictor,
  PredictorLoader,
  TrainerModule,
  TrainRequest,
  CandidatePrediction,
} from './reward-trainer.ts';

/** The default trainer module: explicit Bradley–Terry ensemble trained on the store's labels. */
export const EXPLICIT_TRAINER_MODULE = new URL('./explicit-live-trainer.ts', import.meta.url);
export { LiveExplicitOptionsSchema, type LiveExplicitOptions } from './explicit-live-trainer.ts';
