import type { Actor } from '../../sim/index.ts';
import type { Action } from '../../sim/types.ts';
import type { EvalJob } from './job.ts';

/**
 * An evaluation method: makes an actor for one episode, and reports the candidates of its last
 * decision (for diversity). `free` releases its models (ONNX sessions: await it).
 */
export interface MethodActor {
  act: Actor;
  lastCandidates(): Action[];
  /** Per-episode numbers the method measured itself (e.g. RAS's mean regret per decision). */
  extra?(): Record<string, number>;
  free(): Promise<void>;
}

export type MethodFactory = (job: EvalJob) => Promise<MethodActor>;
