/** The live reward model: retraining in a worker thread, hot swap, predictions for the viewer. */
export { LiveModel, type LiveModelOptions } from './live-model.ts';
export type {
  RewardTrainer, RewardPredictor, PredictorLoader, TrainerModule, TrainRequest, CandidatePrediction,
} from './reward-trainer.ts';
