/**
 * The live reward model's two halves, passed in (STYLE §11). A trainer module exports
 * `trainer: RewardTrainer` (runs in a worker thread: reads the store, trains, registers the model)
 * and `loader: PredictorLoader` (runs in the server: loads a registered model for prediction).
 * The viewer holds no learning logic; it only calls these.
 */
import type { CandidatePrediction } from '../../../reward/models/index.ts';
import type { ModelRecord } from '../../../reward/store/index.ts';

export type { CandidatePrediction };
import type { Action, Observation } from '../../../sim/index.ts';

export interface TrainRequest {
  /** SQLite file of the preference store. */
  dbPath: string;
  task: string;
  /** Model id to fine-tune from, or null. */
  parent: string | null;
  /** The trainer's own settings (it parses them), from `ServeConfig.trainerOptions`. */
  options?: Record<string, unknown>;
}

export interface RewardTrainer {
  readonly name: string;
  /** Trains on the task's labels; returns the registered model's id, or null when there is too little data. */
  train(req: TrainRequest): Promise<string | null>;
}

export interface RewardPredictor {
  readonly modelId: string;
  predict(obs: Observation, candidates: Action[]): Promise<CandidatePrediction>;
  /** Releases the model's sessions. Idempotent. */
  free(): void | Promise<void>;
}

export interface PredictorLoader {
  load(model: ModelRecord): Promise<RewardPredictor>;
}

/** What a trainer module must export. */
export interface TrainerModule {
  trainer: RewardTrainer;
  loader: PredictorLoader;
}
