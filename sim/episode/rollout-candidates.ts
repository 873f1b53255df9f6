import { encodeFrame } from '../recording/frame-codec.ts';
import type { Scene } from '../scene/scene.ts';
import type { Action, Metrics } from '../types.ts';

/** Recorded outcomes of K candidates, each run from the same snapshot. */
export interface CandidateRollouts {
  /** Int16 frame record of the snapshot's state, before any action. */
  startFrame: Uint8Array;
  /** [K] the candidates in the world frame. */
  worldCandidates: Action[];
  /** [K] task metrics after each candidate. */
  metrics: Metrics[];
  /** [K][F_k] int16 frame records of each candidate's rollout, 30 fps. */
  frames: Uint8Array[][];
}

/**
 * Runs every candidate (normalised frame) from `snapshot` with recording, as a preference query
 * needs (ARCHITECTURE.md, "One preference query"). The scene is left restored to `snapshot`, or
 * with `end: 'last'` at the last candidate's outcome (an episode that goes on from there).
 */
export function rolloutCandidates(scene: Scene, snapshot: Uint8Array, candidates: Action[], end: 'snapshot' | 'last' = 'snapshot'): CandidateRollouts {
  scene.restore(snapshot);
  const startFrame = encodeFrame({ t: 0, particles: scene.particles(), bodies: scene.poses() }, 'int16');
  const worldCandidates = candidates.map((a) => scene.toWorld(a));
  const metrics: Metrics[] = [];
  const frames: Uint8Array[][] = [];
  for (const a of candidates) {
    scene.restore(snapshot);
    const r = scene.apply(a, { record: true });
    frames.push((r.frames ?? []).map((f) => encodeFrame(f, 'int16')));
    metrics.push(r.metrics);
  }
  if (end === 'snapshot') scene.restore(snapshot);
  return { startFrame, worldCandidates, metrics, frames };
}
