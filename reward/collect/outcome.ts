/**
 * A candidate's true outcome, as a teacher sees it (METHODS §7): restore the query's snapshot,
 * apply the candidate with recording, and read the per-step reward, the tool path and its peak
 * speed from the frames.
 */
import type { Scene } from '../../sim/index.ts';
import type { Action, Frame, Metrics, Vec3 } from '../../sim/types.ts';
import type { TeacherOutcome } from '../teachers/index.ts';

/** Indices of the tool bodies used by a primitive in a frame's `bodies` [R, 7] (object bodies, wiper, pusher, left and right gripper). */
export function toolBodies(primitive: Action['primitive'], r: number): number[] {
  switch (primitive) {
    case 'sweep': return [r - 4];
    case 'push': return [r - 3];
    case 'pick_place': return [r - 2];
    case 'fling': return [r - 2, r - 1];
  }
}

/** Tool positions over the frames (world, metres) and the peak tool speed (m/s). */
export function toolMotion(frames: Frame[], primitive: Action['primitive']): { path: Vec3[]; peakSpeed: number } {
  const path: Vec3[] = [];
  let peak = 0;
  let prev: Vec3[] | null = null, prevT = 0;
  for (const f of frames) {
    const r = f.bodies.length / 7;
    const now = toolBodies(primitive, r).map((b): Vec3 => [f.bodies[7 * b], f.bodies[7 * b + 1], f.bodies[7 * b + 2]]);
    path.push(...now);
    if (prev !== null && f.t > prevT) {
      for (let k = 0; k < now.length; k++) {
        peak = Math.max(peak, Math.hypot(now[k][0] - prev[k][0], now[k][1] - prev[k][1], now[k][2] - prev[k][2]) / (f.t - prevT));
      }
    }
    prev = now;
    prevT = f.t;
  }
  return { path, peakSpeed: peak };
}

/** What running one candidate produced. */
export interface CandidateRun {
  outcome: TeacherOutcome;
  metrics: Metrics;
  /** The task return the teacher's score starts from (Σ rewards). */
  return: number;
  frames: Frame[];
  /** Snapshot after the candidate ran. */
  after: Uint8Array;
}

/**
 * Restores `snapshot`, applies the normalised `action` with recording and returns its outcome.
 * The per-step reward is the task reward after the step (METHODS §7, one step per candidate).
 */
export function runCandidate(scene: Scene, snapshot: Uint8Array, action: Action): CandidateRun {
  scene.restore(snapshot);
  const world = scene.toWorld(action);
  const res = scene.apply(action, { record: true });
  return candidateRun(scene, world, res.metrics, res.frames ?? [], scene.snapshot());
}

/**
 * The one rollout of a query's candidates (ARCHITECTURE.md, "One preference query"): each
 * normalised candidate from the same `snapshot`, with recording. The scene is left restored to
 * `snapshot`; a caller that goes on from an outcome restores that run's `after`.
 */
export function runCandidates(scene: Scene, snapshot: Uint8Array, actions: Action[]): CandidateRun[] {
  const runs = actions.map((a) => runCandidate(scene, snapshot, a));
  scene.restore(snapshot);
  return runs;
}

/** A run from its parts (a rollout done here, or frames and metrics that came back from a queue worker). */
export function candidateRun(scene: Scene, world: Action, metrics: Metrics, frames: Frame[], after: Uint8Array): CandidateRun {
  const { path, peakSpeed } = toolMotion(frames, world.primitive);
  const reward = scene.reward(metrics);
  return {
    outcome: { action: world, rewards: [reward], toolPath: path, peakToolSpeed: peakSpeed, metrics },
    metrics,
    return: reward,
    frames,
    after,
  };
}
