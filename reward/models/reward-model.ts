/**
 * The `RewardModel` contract (ARCHITECTURE.md): scores candidate actions for one observation.
 * Higher is better. Every model owns ONNX sessions, so `free()` it when done.
 */
import type { Action, Observation } from '../../sim/types.ts';

/** Reward model kinds known to the registry (`models.kind` in the store). */
export const REWARD_KINDS = ['explicit', 'implicit', 'rapl'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

export interface RewardModel {
  /** Registry id, or a descriptive name for models not (yet) registered. */
  readonly id: string;
  /** Scores K candidate actions (normalised frame) in the state `obs`: [K]. */
  score(obs: Observation, actions: Action[]): Promise<Float32Array>;
  /** Releases the ONNX sessions. Idempotent. */
  free(): Promise<void>;
}

/**
 * A reward model that also knows its uncertainty about a preference (an ensemble):
 * mean and std over members of P(a_i ≻ a_j) for every ordered pair of candidates.
 */
export interface UncertainRewardModel extends RewardModel {
  /** Per-member scores, [M, K] row-major. */
  memberScores(obs: Observation, actions: Action[]): Promise<{ scores: Float32Array; members: number }>;
}

/** Logistic function. */
export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** P(A ≻ B) = σ(r_A − r_B) (Bradley–Terry, METHODS §4). */
export function preferenceProbability(rA: number, rB: number): number {
  return sigmoid(rA - rB);
}
