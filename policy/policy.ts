/**
 * The one policy contract (ARCHITECTURE.md, "Core types"): N candidate actions for an
 * observation. Candidates are always valid actions of the policy's primitive inside the task's
 * workspace. Implemented by the diffusion and external ONNX policies, collection's stand-in and
 * RAS's AlignedPolicy.
 */
import type { Action, Observation, Primitive, Rng, Vec3 } from '../sim/index.ts';

/** Points per observation when a policy does not say (the collection and evaluation default). */
export const DEFAULT_OBS_POINTS = 256;

export interface Policy {
  /** Primitive of every action it returns. */
  readonly primitive: Primitive;
  /** Points of the observation it expects (`scene.observe(policy.obsPoints, rng)`). */
  readonly obsPoints: number;
  /** N candidate actions in the normalised frame of `obs`, drawn as one batch. */
  sample(obs: Observation, n: number, rng: Rng): Promise<Action[]>;
  /** Releases the ONNX sessions. Idempotent. */
  free(): Promise<void>;
}

/** A task's action bounds, world frame (TaskSpec.workspace). */
export interface Workspace {
  half: number;
  zMax: number;
}

/**
 * Moves both points of a normalised-frame action into the workspace (world |x|,|y| ≤ half − 1 mm,
 * 0 ≤ z ≤ zMax), so a sampled action never fails the scene's boundary check.
 */
export function clampToWorkspace(a: Action, obs: Pick<Observation, 'center' | 'scale'>, ws: Workspace): Action {
  const h = ws.half - 1e-3;
  const lim = [
    [-h, h],
    [-h, h],
    [0, ws.zMax],
  ] as const;
  const cl = (p: Vec3): Vec3 =>
    p.map((v, i) => {
      const w = v * obs.scale + obs.center[i];
      return (Math.max(lim[i][0], Math.min(lim[i][1], w)) - obs.center[i]) / obs.scale;
    }) as Vec3;
  return { primitive: a.primitive, p0: cl(a.p0), p1: cl(a.p1) };
}
