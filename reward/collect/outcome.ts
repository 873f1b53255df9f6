/**
 * A candidate's true outcome, as a teacher sees it (METHODS §7): restore the query's snapshot,
 * apply the candidate with recording, and read the per-step reward, the tool path and its peak
 * speed from the frames.
 */
import { toolSlots, type BodySlots, type Scene } from '../../sim/index.ts';
import type { Action, Frame, Metrics, Vec3 } from '../../sim/types.ts';
import type { TeacherOutcome } from '../teachers/index.ts';

/** Tool positions over the frames (world, metres) and the peak tool speed (m/s); `slots`: the task's body slots. */
export function toolMotion(
  frames: Frame[],
  primitive: Action['primitive'],
  slots: BodySlots,
): { path: Vec3[]; peakSpeed: number } {
  const tools = toolSlots(primitive, slots);
  const path: Vec3[] = [];
  let peak = 0;
  let prev: Vec3[] | null = null,
    prevT = 0;
  for (const f of frames) {
    const now = tools.map((b): Vec3 => [f.bodies[7 * b], f.bodies[7 * b + 1], f.bodies[7 * b + 2]]);
    path.push(...now);
    if (prev !== null && f.t > prevT) {
      for (let k = 0; k < now.length; k++) {
        peak = Math.max(
          peak,
          Math.hypot(now[k][0] - prev[k][0], now[k][1] - prev[k][1], now[k][2] - prev[k][2]) / (f.t - prevT),
        );
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
export function candidateRun(
  scene: Scene,
  world: Action,
  metrics: Metrics,
  frames: Frame[],
  after: Uint8Array,
): CandidateRun {
  const { path, peakSpeed } = toolMotion(frames, world.primitive, scene.task.bodies);
  const reward = scene.reward(metrics);
  return {
    outcome: { action: world, rewards: [reward], toolPath: path, peakToolSpeed: peakSpeed, metrics },
    metrics,
    return: reward,
    frames,
    after,
  };
}
