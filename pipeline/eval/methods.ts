import { makeRng } from '../../core/rng.ts';
import { candidateDiversity } from '../../sim/metrics/index.ts';
import type { Action } from '../../sim/types.ts';
import { COMBINED_METHODS } from './combined-method.ts';
import { LEARNED_METHODS } from './learned-methods.ts';
import type { MethodFactory } from './method-actor.ts';
import { PLAIN_METHODS } from './plain-methods.ts';

export type { MethodActor, MethodFactory } from './method-actor.ts';

/** Every evaluation method by id, one static table: plain (expert, random) and learned ones. */
export const METHODS: Readonly<Record<string, MethodFactory>> = {
  ...PLAIN_METHODS,
  ...LEARNED_METHODS,
  ...COMBINED_METHODS,
};

/** What a method's figures mean beyond its name; the reports print these for the methods they ran. */
export const METHOD_NOTES: Record<string, string> = {
  rapl:
    "rapl scores each candidate by the RAPL reward of its rollout from the decision's snapshot (the state is " +
    'restored after each try): privileged look-ahead that a real robot would not have.',
};

export function diversityOf(actions: Action[], seed: number): number {
  return actions.length >= 2 ? candidateDiversity(actions, makeRng(seed)) : NaN;
}
