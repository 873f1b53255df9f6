/**
 * RAPL data from the store: labelled triplets whose outcomes' frames were recorded to files
 * (`framesRef`), and the preferred trajectories among them as demos.
 */
import { makeRng } from '../../core/rng.ts';
import { getTask } from '../../sim/index.ts';
import { readEpisodeFile } from '../../sim/recording/index.ts';
import type { PreferenceStore, TrainingTriplet } from '../store/index.ts';
import type { RaplConfig } from './rapl-config.ts';
import type { TrajectoryTriplet } from './rapl-trainer.ts';
import { trajectoryFromFrames, type Trajectory } from './trajectory.ts';

/** The recorded trajectory of candidate `c` of query `queryId`, with `t` frames. */
export function storedTrajectory(
  store: PreferenceStore,
  queryId: number,
  c: number,
  t: number,
  cfg: RaplConfig,
  scale: number,
  seed: number,
): { traj: Trajectory; ret: number | null } {
  const o = store.outcomesFor(queryId).find((x) => x.candidate === c);
  if (!o) throw new Error(`store query ${queryId}: no outcome for candidate ${c}`);
  if (o.framesRef === null)
    throw new Error(
      `store outcome ${o.id}: field framesRef: expected recorded frames (collect with --frames-dir), found null`,
    );
  const ep = readEpisodeFile(o.framesRef);
  const q = store.getQuery(queryId);
  return {
    traj: trajectoryFromFrames(ep.frames, q.candidates[c].primitive, t, cfg.points, scale, makeRng(seed)),
    ret: o.return,
  };
}

/** Triplets of `task` (filtered by `keep`) with their training trajectories. */
export function tripletsFromStore(
  store: PreferenceStore,
  task: string,
  cfg: RaplConfig,
  keep: (t: TrainingTriplet) => boolean = () => true,
): TrajectoryTriplet[] {
  const scale = getTask(task).obsScale;
  return store
    .trainingTriplets(task)
    .filter(keep)
    .map((t) => {
      const get = (c: number) =>
        storedTrajectory(store, t.queryId, c, cfg.trainFrames, cfg, scale, t.queryId * 10 + c).traj;
      return { pos: get(t.pos), neu: get(t.neu), neg: get(t.neg), y: t.y };
    });
}

/**
 * Up to `count` demos the teacher prefers: the best trajectory (`pos`) of the task's ordered
 * triplets that pass `keep`, with `cfg.rewardFrames` frames (RAPL's demos are preferred episodes
 * from the task's own start distribution, not another policy's).
 */
export function preferredDemosFromStore(
  store: PreferenceStore,
  task: string,
  count: number,
  cfg: RaplConfig,
  keep: (t: TrainingTriplet) => boolean = () => true,
): Trajectory[] {
  const scale = getTask(task).obsScale;
  const best = store
    .trainingTriplets(task)
    .filter((t) => t.y === 1 && keep(t))
    .slice(0, count);
  if (best.length === 0)
    throw new Error(`no ordered triplet labels of task ${task} in ${store.path} to take preferred demos from`);
  return best.map(
    (t) => storedTrajectory(store, t.queryId, t.pos, cfg.rewardFrames, cfg, scale, t.queryId * 10 + t.pos).traj,
  );
}
