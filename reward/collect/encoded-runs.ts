/**
 * A query's candidate runs as bytes (int16 frame records, sim/recording/frame-codec.ts): what the
 * viewer streams to annotators and what a queue worker sends back for a prepare-query job.
 */
import { decodeFrame, encodeFrame } from '../../sim/recording/index.ts';
import type { Scene } from '../../sim/index.ts';
import type { Action, Frame, Metrics } from '../../sim/types.ts';
import { candidateRun, type CandidateRun } from './outcome.ts';

export interface EncodedRuns {
  /** Int16 frame record of the snapshot's state, before any action. */
  startFrame: Uint8Array;
  /** [K] the candidates in the world frame. */
  worldCandidates: Action[];
  /** [K] task metrics after each candidate. */
  metrics: Metrics[];
  /** [K][F_k] int16 frame records of each candidate's rollout, 30 fps. */
  frames: Uint8Array[][];
  /** [K] `scene.snapshot()` after each candidate (where an episode may go on). */
  after: Uint8Array[];
}

/** The scene's current state as a frame at t = 0 (the start of every candidate's replay). */
export function startFrame(scene: Scene): Frame {
  return { t: 0, particles: scene.particles(), bodies: scene.poses() };
}

export function encodeRuns(start: Frame, runs: CandidateRun[]): EncodedRuns {
  return {
    startFrame: encodeFrame(start, 'int16'),
    worldCandidates: runs.map((r) => r.outcome.action),
    metrics: runs.map((r) => r.metrics),
    frames: runs.map((r) => r.frames.map((f) => encodeFrame(f, 'int16'))),
    after: runs.map((r) => r.after),
  };
}

/** Runs back from their bytes (frames at int16 precision), for a scene of the same task. */
export function decodeRuns(scene: Scene, e: EncodedRuns): CandidateRun[] {
  return e.worldCandidates.map((world, k) =>
    candidateRun(
      scene,
      world,
      e.metrics[k],
      e.frames[k].map((b) => decodeFrame(b).frame),
      e.after[k],
    ),
  );
}
