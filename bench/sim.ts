/**
 * `npm run bench -- sim [--runs N] [--task ID[,ID...]] [--no-episode]`: per task, medians over N runs on one thread:
 * physics steps/s, ms per primitive (wall, and the process's CPU time, which other load on the
 * machine disturbs less), snapshot/restore cost and size, a full expert episode's wall time, the
 * raw `World.step` in ms, and our stepping against it (time inside `World.step` over the
 * primitive's whole time: 1 means no overhead). `--no-episode` skips the expert episodes (their
 * look-ahead makes them the slow part).
 */
import { makeRng } from '../core/rng.ts';
import { getTask, initPhysics, runEpisode, expertActor, Scene, TASK_IDS } from '../sim/index.ts';
import { RAPIER } from '../sim/physics/index.ts';
import { summarize, type Summary } from './stats.ts';

/** Times spent inside Rapier's `World.step`, accumulated by a wrapper around the prototype. */
let insideStep = 0;
function instrumentStep(): void {
  const proto = RAPIER.World.prototype as unknown as { step: (...a: unknown[]) => void };
  const raw = proto.step;
  proto.step = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now();
    raw.apply(this, args);
    insideStep += performance.now() - t0;
  };
}

interface TaskBench {
  stepsPerSecond: Summary;
  msPerPrimitive: Summary;
  cpuMsPerPrimitive: Summary;
  rawStepMs: Summary;
  snapshotMs: Summary;
  restoreMs: Summary;
  snapshotBytes: number;
  episodeWallMs: Summary | null;
  episodeSteps: number;
  rawStepShare: Summary;
  overheadRatio: number;
}

async function benchTask(id: string, runs: number, episodes: boolean): Promise<TaskBench> {
  const task = getTask(id);
  const perPrim: number[] = [],
    cpuPrim: number[] = [],
    rawStep: number[] = [],
    sps: number[] = [],
    share: number[] = [];
  const snapMs: number[] = [],
    restMs: number[] = [],
    epMs: number[] = [];
  let bytes = 0,
    epSteps = 0;
  for (let r = 0; r < runs; r++) {
    const scene = Scene.create(task, 1000 + r);
    try {
      // Primitive cost: the expert's action timed alone (its look-ahead is not part of it).
      const action = task.expert(scene, makeRng(r), 1)[0];
      insideStep = 0;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const res = scene.apply(action);
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      perPrim.push(ms);
      cpuPrim.push((cpu.user + cpu.system) / 1000);
      rawStep.push(insideStep / res.physicsSteps);
      sps.push(res.physicsSteps / (ms / 1000));
      share.push(insideStep / ms);
      const t1 = performance.now();
      const snap = scene.snapshot();
      snapMs.push(performance.now() - t1);
      bytes = snap.length;
      const t2 = performance.now();
      scene.restore(snap);
      restMs.push(performance.now() - t2);
    } finally {
      scene.free();
    }
    if (!episodes) continue;
    const ep = Scene.create(task, 2000 + r);
    try {
      const t3 = performance.now();
      const result = await runEpisode(ep, expertActor);
      epMs.push(performance.now() - t3);
      epSteps = result.steps.length;
    } finally {
      ep.free();
    }
  }
  const rawShare = summarize(share);
  return {
    stepsPerSecond: summarize(sps),
    msPerPrimitive: summarize(perPrim),
    cpuMsPerPrimitive: summarize(cpuPrim),
    rawStepMs: summarize(rawStep),
    snapshotMs: summarize(snapMs),
    restoreMs: summarize(restMs),
    snapshotBytes: bytes,
    episodeWallMs: epMs.length ? summarize(epMs) : null,
    episodeSteps: epSteps,
    rawStepShare: rawShare,
    overheadRatio: 1 / rawShare.median,
  };
}

export default async function (args: string[]): Promise<unknown> {
  const runs = Number(args[args.indexOf('--runs') + 1] ?? 5) || 5;
  const only = args.includes('--task') ? args[args.indexOf('--task') + 1].split(',') : TASK_IDS;
  await initPhysics();
  instrumentStep();
  const tasks: Record<string, TaskBench> = {};
  for (const id of only) {
    tasks[id] = await benchTask(id, runs, !args.includes('--no-episode'));
    process.stderr.write(`sim bench: ${id} done\n`);
  }
  return {
    bench: 'sim',
    runs,
    threads: 1,
    targets: {
      msPerPrimitive: {
        'rope-circle': 100,
        'push-T': 100,
        'cloth-flatten': 400,
        'tshirt-unfold': 400,
        'granular-T': 1500,
      },
      restoreMs: { 'rope-circle': 20, 'cloth-flatten': 20 },
    },
    tasks,
  };
}
