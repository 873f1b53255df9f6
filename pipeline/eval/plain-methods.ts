/** Methods without learned models: the task's scripted expert and uniform random actions. */
import { makeRng } from '../../core/rng.ts';
import { seedFor } from '../../core/seeds.ts';
import { ACTORS, type Actor, type Scene } from '../../sim/index.ts';
import type { Action, Rng } from '../../sim/types.ts';
import type { MethodFactory } from './method-actor.ts';

function plain(actor: Actor, candidatesOf?: (scene: Scene, rng: Rng, n: number) => Action[]): MethodFactory {
  return async (job) => {
    let last: Action[] = [];
    return {
      act: (scene, rng) => {
        const seed = seedFor.evalCandidates(job.seed, scene.stepsTaken);
        if (candidatesOf) last = candidatesOf(scene, makeRng(seed), job.candidates);
        return actor(scene, rng);
      },
      lastCandidates: () => last,
      free: async () => {},
    };
  };
}

export const PLAIN_METHODS = {
  expert: plain(ACTORS.expert),
  random: plain(ACTORS.random),
} as const satisfies Record<string, MethodFactory>;
