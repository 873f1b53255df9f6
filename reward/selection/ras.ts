/**
 * Reward-guided action selection (RAS, METHODS §5, DeformPAM): sample N candidates from the
 * policy, score them with a reward model, execute the argmax (or sample softmax(r / T)).
 * `AlignedPolicy` wraps policy + reward as a policy with the same `sample` interface.
 */
import { z } from 'zod';
import type { Rng } from '../../core/rng.ts';
import type { Action, Observation } from '../../sim/types.ts';
import type { RewardModel } from '../models/index.ts';
import type { Policy } from '../../policy/policy.ts';

export const RasConfigSchema = z.strictObject({
  candidates: z.number().int().positive().default(8).describe('candidates N sampled per decision (DeformPAM paper: 8)'),
  temperature: z.number().min(0).default(0).describe('0: hard argmax (paper); > 0: sample from softmax(r / T)'),
});
export type RasConfig = z.output<typeof RasConfigSchema>;
export type RasConfigInput = z.input<typeof RasConfigSchema>;

/**
 * Index chosen from scores [K]: argmax (first on ties) when `temperature` is 0, else a draw
 * from softmax(scores / temperature) with `rng`.
 */
export function selectIndex(scores: ArrayLike<number>, rng: Rng, temperature = 0): number {
  if (scores.length === 0) throw new Error('selectIndex: no candidates');
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
  if (temperature === 0) return best;
  const w = Array.from(scores, (s) => Math.exp((s - scores[best]) / temperature));
  let u = rng.next() * w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < w.length; i++) if ((u -= w[i]) < 0) return i;
  return w.length - 1;
}

/** One RAS decision with everything that led to it. */
export interface RasDecision {
  action: Action;
  index: number;
  candidates: Action[];
  scores: Float32Array;
}

/** Policy + reward model, acting as a policy (candidates still come from the base policy). */
export class AlignedPolicy implements Policy {
  readonly config: RasConfig;

  constructor(
    readonly policy: Policy,
    readonly reward: RewardModel,
    cfg: RasConfigInput = {},
  ) {
    this.config = RasConfigSchema.parse(cfg);
  }

  get primitive(): Policy['primitive'] {
    return this.policy.primitive;
  }

  get obsPoints(): number {
    return this.policy.obsPoints;
  }

  /** Releases the base policy and the reward model (both idempotent). */
  async free(): Promise<void> {
    await this.policy.free();
    await this.reward.free();
  }

  /** One decision: sample N, score, select. */
  async decide(obs: Observation, rng: Rng): Promise<RasDecision> {
    const candidates = await this.policy.sample(obs, this.config.candidates, rng);
    const scores = await this.reward.score(obs, candidates);
    const index = selectIndex(scores, rng, this.config.temperature);
    return { action: candidates[index], index, candidates, scores };
  }

  /** `n` actions, each from its own RAS decision. */
  async sample(obs: Observation, n: number, rng: Rng): Promise<Action[]> {
    const out: Action[] = [];
    for (let i = 0; i < n; i++) out.push((await this.decide(obs, rng)).action);
    return out;
  }
}
