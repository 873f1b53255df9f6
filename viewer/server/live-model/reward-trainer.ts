/**
 * The live reward model's two halves, passed in (STYLE §11). A trainer module exports
 * `trainer: RewardTrainer` (runs in a worker thread: reads the store, trains, registers the model)
 * and `loader: PredictorLoader` (runs in the server: loads a registered model for prediction).
 * The viewer holds no learning logic; it only calls these.
 */
import type { ModelRecord } from '../../../reward/store/index.ts';
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

export interface RewardPredictor {
  readonly modelId: string;
  predict(obs: Observation, candidates: Action[]): Promise<CandidatePrediction>;
  free(): void;
}

export interface PredictorLoader {
  load(model: ModelRecord): Promise<RewardPredictor>;
}

/** What a trainer module must export. */
export interface TrainerModule {
  trainer: RewardTrainer;
  loader: PredictorLoader;
}
