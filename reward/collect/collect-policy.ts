/**
 * Where collection's candidates come from: the task's trained diffusion policy (the default
 * model of models/manifest.json, or a given file), or the stand-in policy (jittered expert +
 * random actions) when no trained policy exists. The library does not print: the choice and
 * the reason for a fallback come back in `source` and `note`.
 */
import { existsSync } from 'node:fs';
import { defaultPolicyPath, openPolicy } from '../../policy/index.ts';
import type { Scene } from '../../sim/index.ts';
import type { Policy } from '../selection/index.ts';
import { standInPolicy } from './stand-in-policy.ts';

export interface CollectPolicy {
  /** The candidate policy for a scene (the trained policy ignores the scene). */
  policyFor: (scene: Scene) => Policy;
  /** 'stand-in' or the policy file used. */
  source: string;
  /** Why the stand-in was used, when it was a fallback. */
  note: string | null;
  /** Releases the trained policy's sessions. Idempotent. */
  free(): Promise<void>;
}

const standIn = (note: string | null): CollectPolicy => ({
  policyFor: (scene) => standInPolicy(() => scene),
  source: 'stand-in',
  note,
  free: async () => {},
});

/**
 * `spec`: 'default' (the task's default trained policy, falling back to the stand-in with a
 * note when there is none), 'stand-in', or a policy file (must exist and be for `task`).
 * @param modelsDir folder holding manifest.json (default: the repository's models/)
 */
export async function openCollectPolicy(task: string, spec = 'default', modelsDir?: string): Promise<CollectPolicy> {
  if (spec === 'stand-in') return standIn(null);
  let path: string;
  if (spec === 'default') {
    try {
      path = modelsDir === undefined ? defaultPolicyPath(task) : defaultPolicyPath(task, modelsDir);
    } catch (e) {
      return standIn(`${(e as Error).message}; using the stand-in policy (jittered expert + random actions)`);
    }
    if (!existsSync(path))
      return standIn(
        `default policy ${path} is listed but missing; using the stand-in policy (jittered expert + random actions)`,
      );
  } else {
    if (!existsSync(spec))
      throw new Error(`policy ${spec}: no such file (expected a policy checkpoint, 'default' or 'stand-in')`);
    path = spec;
  }
  const policy = await openPolicy(path, task);
  let freed = false;
  return {
    policyFor: () => policy,
    source: path,
    note: null,
    free: async () => {
      if (!freed) {
        freed = true;
        await policy.free();
      }
    },
  };
}
