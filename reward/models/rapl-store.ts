/**
 * RAPL data from the store: labelled triplets whose outcomes' frames were recorded to files
 * (`framesRef`), and expert demos rolled out from stored states.
 */
import { makeRng } from '../../core/rng.ts';
import { getTask, Scene } from '../../sim/index.ts';
import { readEpisodeFile } from '../../sim/recording/index.ts';
import type { PreferenceStore, TrainingTriplet } from '../store/index.ts';
import type { RaplConfig } from './rapl-config.ts';
import type { TrajectoryTriplet } from './rapl-trainer.ts';
import { trajectoryFromFrames, type Trajectory } from './trajectory.ts';

/** The recorded trajectory of candidate `c` of query `queryId`, with `t` frames. */
export function storedTrajectory(store: PreferenceStore, queryId: number, c: number, t: number, cfg: RaplConfig, scale: number, seed: number): { traj: Trajectory; ret: number | null } {
  const o = store.outcomesFor(queryId).find((x) => x.candidate === c);
  if (!o) throw new Error(`store query ${queryId}: no outcome for candidate ${c}`);
  if (o.framesRef === null) throw new Error(`store outcome ${o.id}: field framesRef: expected recorded frames (collect with --frames-dir), found null`);
  const ep = readEpisodeFile(o.framesRef);
  const q = store.getQuery(queryId);
  return { traj: trajectoryFromFrames(ep.frames, q.candidates[c].primitive, t, cfg.points, scale, makeRng(seed)), ret: o.return };
}

/** Triplets of `task` (filtered by `keep`) with their training trajectories. */
export function tripletsFromStore(store: PreferenceStore, task: string, cfg: RaplConfig, keep: (t: TrainingTriplet) => boolean = () => true): TrajectoryTriplet[] {
  const scale = getTask(task).obsScale;
  return store.trainingTriplets(task).filter(keep).map((t) => {
    const get = (c: number) => storedTrajectory(store, t.queryId, c, cfg.trainFrames, cfg, scale, t.queryId * 10 + c).traj;
    return { pos: get(t.pos), neu: get(t.neu), neg: get(t.neg), y: t.y };
  });
}

/**
 * `count` expert demos with `t` frames: from the first stored states of `task`, each restored and
 * run with the task expert's first action, recorded. Physics must be initialised.
 */
export function expertDemosFromStore(store: PreferenceStore, task: string, count: number, t: number, cfg: RaplConfig): Trajectory[] {
  const spec = getTask(task);
  const states = store.queriesFor(task).map((q) => q.stateId).filter((v, i, a) => a.indexOf(v) === i).slice(0, count);
  if (states.length === 0) throw new Error(`no stored states of task ${task} to roll expert demos from`);
  const out: Trajectory[] = [];
  for (const id of states) {
    const st = store.getState(id);
    const scene = Scene.create(spec, st.seed);
    try {
      scene.restore(st.snapshot);
      const rng = makeRng(id);
      const a = spec.expert(scene, rng, 1)[0];
      const res = scene.apply(a, { record: true });
      out.push(trajectoryFromFrames(res.frames ?? [], a.primitive, t, cfg.points, spec.obsScale, rng));
    } finally {
      scene.free();
    }
  }
  return out;
}
