import { makeRng } from '../../core/rng.ts';
import { candidateDiversity } from '../../sim/metrics/index.ts';
import { ACTORS, type Actor, type Scene } from '../../sim/index.ts';
import type { Action, Rng } from '../../sim/types.ts';
import type { EvalJob } from './job.ts';

/**
 * An evaluation method: makes an actor for one episode, and reports the candidates of its last
 * decision (for diversity). `free` releases its models.
 */
export interface MethodActor {
  act: Actor;
  lastCandidates(): Action[];
  /** Per-episode numbers the method measured itself (e.g. RAS's mean regret per decision). */
  extra?(): Record<string, number>;
  free(): void;
}

export type MethodFactory = (job: EvalJob) => Promise<MethodActor>;

function plain(actor: Actor, candidatesOf?: (scene: Scene, rng: Rng, n: number) => Action[]): MethodFactory {
  return async (job) => {
    let last: Action[] = [];
    return {
      act: (scene, rng) => {
        if (candidatesOf) last = candidatesOf(scene, makeRng(job.seed * 7919 + scene.stepsTaken), job.candidates);
        return actor(scene, rng);
      },
      lastCandidates: () => last,
      free: () => {},
    };
  };
}

/** Methods by id. Learned methods (sl, explicit, implicit, rapl) register themselves here. */
export const METHODS: Record<string, MethodFactory> = {
  expert: plain(ACTORS.expert),
  random: plain(ACTORS.random),
};

/** What a method's figures mean beyond its name; the reports print these for the methods they ran. */
export const METHOD_NOTES: Record<string, string> = {
  rapl: 'rapl scores each candidate by the RAPL reward of its rollout from the decision\'s snapshot (the state is restored after each try): privileged look-ahead that a real robot would not have.',
};

export function registerMethod(id: string, factory: MethodFactory): void {
  METHODS[id] = factory;
}

export function diversityOf(actions: Action[], seed: number): number {
  return actions.length >= 2 ? candidateDiversity(actions, makeRng(seed)) : NaN;
}
