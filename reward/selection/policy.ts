/**
 * The `Policy` contract of ARCHITECTURE.md (policy/ implements it with a diffusion policy):
 * N candidate actions for an observation, in the normalised frame, all randomness from `rng`.
 */
import type { Action, Observation, Rng } from '../../sim/types.ts';

export interface Policy {
  sample(obs: Observation, n: number, rng: Rng): Promise<Action[]>;
}
