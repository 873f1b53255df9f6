/**
 * Combined objectives (METHODS §4, "Combining rewards"; issue 19 §4): several reward models
 * scoring the same K candidates, each turned into u_m = log σ(r_m − r_ref,m) with r_ref,m the
 * median candidate's score, and summed with weights: Σ_m w_m u_m. The transform makes the sum
 * read as "good in all" (a candidate far below the median in one model cannot be bought back by
 * the other), and the weights trace the trade-off between the objectives.
 */
import type { Action, Observation } from '../../sim/types.ts';
import { logSigmoidTransform, type RewardModel } from '../models/index.ts';

export class CombinedReward implements RewardModel {
  readonly id: string;

  /** `weights` default to 1 each (the plain sum); the models are owned and freed with this one. */
  constructor(
    readonly models: RewardModel[],
    readonly weights: number[] = models.map(() => 1),
  ) {
    if (models.length === 0) throw new Error('CombinedReward: no reward models');
    if (weights.length !== models.length)
      throw new Error(`CombinedReward: ${weights.length} weights for ${models.length} models`);
    if (weights.some((w) => !Number.isFinite(w) || w < 0))
      throw new Error(`CombinedReward: weights must be finite and ≥ 0, got ${weights.join(', ')}`);
    this.id = models.map((m, i) => `${weights[i]}·${m.id}`).join(' + ');
  }

  /** Σ_m w_m log σ(r_m − median r_m): [K]. */
  async score(obs: Observation, actions: Action[]): Promise<Float32Array> {
    const out = new Float32Array(actions.length);
    if (actions.length === 0) return out;
    for (let m = 0; m < this.models.length; m++) {
      if (this.weights[m] === 0) continue;
      const s = await this.models[m].score(obs, actions);
      if (s.length !== actions.length)
        throw new Error(
          `CombinedReward: model ${this.models[m].id} scored ${s.length} of ${actions.length} candidates`,
        );
      logSigmoidTransform(s).forEach((u, i) => (out[i] += this.weights[m] * u));
    }
    return out;
  }

  async free(): Promise<void> {
    await Promise.all(this.models.map((m) => m.free()));
  }
}

/** Weights (λ, 1 − λ) of a two-model trade-off at λ ∈ [0, 1]. */
export function tradeoffWeights(lambda: number): [number, number] {
  if (!(lambda >= 0 && lambda <= 1)) throw new Error(`tradeoff: λ must be in [0, 1], got ${lambda}`);
  return [lambda, 1 - lambda];
}
