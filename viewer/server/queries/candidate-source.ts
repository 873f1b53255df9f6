/**
 * Where a served query's candidates come from, by name (ARCHITECTURE.md, "One preference query").
 * The sources are collection's (`openCollectPolicy`): the task's diffusion policy from models/
 * (DeformPAM: K samples of the supervised policy), or the one fallback, the stand-in policy
 * (jittered expert actions mixed with random touches), so queries hold good and poor moves.
 */
import { existsSync } from 'node:fs';
import { defaultPolicyPath } from '../../../policy/index.ts';
import { openCollectPolicy, type CollectPolicy } from '../../../reward/collect/index.ts';
import type { Policy } from '../../../reward/selection/index.ts';
import type { Action, Rng, Scene } from '../../../sim/index.ts';

/** A named candidate policy for the served task. */
export interface CandidateSource {
  readonly name: string;
  /** What exactly proposes the candidates (for the startup line), e.g. the policy file. */
  readonly detail: string;
  /** The policy `prepareQuery` samples from in this scene. */
  policyFor(scene: Scene): Policy;
  /** K candidates for the scene's current state, normalised frame (the observation `prepareQuery` takes). */
  candidates(scene: Scene, k: number, rng: Rng): Promise<Action[]>;
  /** Releases native memory (ONNX sessions). Idempotent. */
  free(): Promise<void>;
}

/** The task's default policy file from models/manifest.json, or null when there is none. */
export function defaultPolicyFile(task: string, modelsDir?: string): string | null {
  try {
    const path = modelsDir === undefined ? defaultPolicyPath(task) : defaultPolicyPath(task, modelsDir);
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function fromCollectPolicy(name: string, detail: string, p: CollectPolicy): CandidateSource {
  let freed = false;
  const live = (scene: Scene): Policy => {
    if (freed) throw new Error(`candidate source ${name} used after free()`);
    return p.policyFor(scene);
  };
  return {
    name,
    detail,
    policyFor: live,
    async candidates(scene, k, rng) {
      const policy = live(scene);
      return policy.sample(scene.observe(policy.obsPoints, rng.fork()), k, rng);
    },
    async free() {
      if (freed) return;
      freed = true;
      await p.free();
    },
  };
}

const STAND_IN_DETAIL = 'stand-in policy: jittered scripted expert + random touches';

/** Opens candidate sources by name (explicit registry). */
export const CANDIDATE_SOURCES: Readonly<
  Record<string, (task: string, modelsDir?: string) => Promise<CandidateSource>>
> = {
  'expert-mix': async (task) =>
    fromCollectPolicy('expert-mix', STAND_IN_DETAIL, await openCollectPolicy(task, 'stand-in')),
  policy: async (task, modelsDir) => {
    const file = defaultPolicyFile(task, modelsDir);
    if (file === null) {
      throw new Error(
        `field candidates: "policy" needs a default policy for task ${task} in models/manifest.json; use expert-mix`,
      );
    }
    return fromCollectPolicy('policy', `diffusion policy ${file}`, await openCollectPolicy(task, file));
  },
};

/** `auto`: the task's default policy when models/ has one, else the expert mix. */
export const AUTO_CANDIDATE_SOURCE = 'auto';
export const CANDIDATE_SOURCE_NAMES = [AUTO_CANDIDATE_SOURCE, ...Object.keys(CANDIDATE_SOURCES)] as const;
export const DEFAULT_CANDIDATE_SOURCE = AUTO_CANDIDATE_SOURCE;

/** Opens the source `name` (or resolves `auto`) for `task`; `modelsDir` (ending in /) overrides models/. */
export async function openCandidateSource(name: string, task: string, modelsDir?: string): Promise<CandidateSource> {
  if (name === AUTO_CANDIDATE_SOURCE) name = defaultPolicyFile(task, modelsDir) === null ? 'expert-mix' : 'policy';
  const open = CANDIDATE_SOURCES[name];
  const accepted = CANDIDATE_SOURCE_NAMES.join(', ');
  if (!open) throw new Error(`field candidates: unknown candidate source "${name}"; accepted: ${accepted}`);
  return open(task, modelsDir);
}
