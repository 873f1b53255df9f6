/**
 * Where a query's K candidate actions come from (ARCHITECTURE.md, "One preference query").
 * The diffusion policy plugs in here once policy/ offers a default model in models/; until then
 * the task expert's actions are mixed with random ones, so queries hold both good and poor moves.
 */
import { randomActor, type Action, type Rng, type Scene } from '../../../sim/index.ts';

/** K candidate actions for the scene's current state, normalised frame. */
export interface CandidateSource {
  readonly name: string;
  candidates(scene: Scene, k: number, rng: Rng): Promise<Action[]>;
}

/**
 * ceil(K/2) expert actions (the expert's own modes) and the rest random touches, shuffled so the
 * expert's are not always on the left.
 */
export const expertMixSource: CandidateSource = {
  name: 'expert-mix',
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
};

/** Candidate sources by name (explicit registry). `policy` joins when policy/ lands. */
export const CANDIDATE_SOURCES: Readonly<Record<string, CandidateSource>> = { [expertMixSource.name]: expertMixSource };
export const DEFAULT_CANDIDATE_SOURCE = expertMixSource.name;
