/**
 * Where a query's K candidate actions come from (ARCHITECTURE.md, "One preference query").
 * By default the task's diffusion policy from models/ proposes them (DeformPAM: K samples of the
 * supervised policy); a task without a default policy falls back to the expert mix: the task
 * expert's actions mixed with random ones, so queries hold both good and poor moves.
 */
import { existsSync } from 'node:fs';
import { defaultPolicyPath, openPolicy, type Policy } from '../../../policy/index.ts';
import { randomActor, type Action, type Rng, type Scene } from '../../../sim/index.ts';

/** K candidate actions for the scene's current state, normalised frame. */
export interface CandidateSource {
  readonly name: string;
  /** What exactly proposes the candidates (for the startup line), e.g. the policy file. */
  readonly detail: string;
  candidates(scene: Scene, k: number, rng: Rng): Promise<Action[]>;
  /** Releases native memory (ONNX sessions). Idempotent. */
  free(): Promise<void>;
}

/**
 * ceil(K/2) expert actions (the expert's own modes) and the rest random touches, shuffled so the
 * expert's are not always on the left.
 */
export const expertMixSource: CandidateSource = {
  name: 'expert-mix',
  detail: 'scripted expert + random touches',
  async candidates(scene, k, rng) {
    const nExpert = Math.ceil(k / 2);
    const out = scene.task.expert(scene, rng, nExpert);
    while (out.length < k) out.push(await randomActor(scene, rng));
    for (let i = out.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  },
  async free() {},
};

/** K samples of a diffusion policy for the scene's observation (one batched run). */
export function policySource(policy: Policy, file: string): CandidateSource {
  let freed = false;
  return {
    name: 'policy',
    detail: `diffusion policy ${file}`,
    candidates(scene, k, rng) {
      if (freed) return Promise.reject(new Error('policy candidate source used after free()'));
      return policy.sample(scene.observe(policy.obsPoints, rng.fork()), k, rng);
    },
    async free() {
      if (freed) return;
      freed = true;
      await policy.free();
    },
  };
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

/** Opens candidate sources by name (explicit registry). */
export const CANDIDATE_SOURCES: Readonly<Record<string, (task: string, modelsDir?: string) => Promise<CandidateSource>>> = {
  'expert-mix': async () => expertMixSource,
  policy: async (task, modelsDir) => {
    const file = defaultPolicyFile(task, modelsDir);
    if (file === null) throw new Error(`field candidates: "policy" needs a default policy for task ${task} in models/manifest.json; use expert-mix`);
    return policySource(await openPolicy(file, task), file);
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
  if (!open) throw new Error(`field candidates: unknown candidate source "${name}"; accepted: ${CANDIDATE_SOURCE_NAMES.join(', ')}`);
  return open(task, modelsDir);
}
