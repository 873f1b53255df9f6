/**
 * The queries of one scene seed in a loop round, run on a worker thread (issue 21): in order along
 * the episode, each from its own rng, exactly as `collectRound` runs them in one thread. They come
 * back as plain labelled records that the main thread stores in query order, so the store and
 * every result are the same whatever the thread count. The policy, reward model and teacher are
 * opened once per thread and kept while their files stay the same; `teardown` frees them.
 */
import { initPhysics, getTask, Scene } from '../../sim/index.ts';
import { openPolicy, type Policy } from '../../policy/index.ts';
import {
  horizonTeacher,
  labelQuery,
  openRewardModel,
  resolveTeacher,
  selectorByName,
  type ExplicitRewardModel,
  type LabelledResult,
  type Teacher,
} from '../../reward/index.ts';
import { queryRng } from './query-rng.ts';

export interface EpisodeJob {
  task: string;
  seed: number;
  /** Queries `from`..`to − 1` along the episode (0 is the scene's first state). */
  from: number;
  to: number;
  /** A resumed episode starts from this snapshot (the state before query `from`); else the fresh scene. */
  start: Uint8Array | null;
  policyPath: string;
  /** The explicit ensemble the selector scores with, or null (uniform). */
  modelPath: string | null;
  teacher: string;
  /** Expert steps a horizon teacher looks past each candidate (0: none). */
  horizon: number;
  /** A selector name (`selectorByName` checks it). */
  selector: string;
  candidates: number;
  oversample: number;
  framesDir: string | null;
}

export type StoredPart = Pick<LabelledResult, 'record' | 'label' | 'annotator'>;

interface Opened {
  policyPath: string;
  policy: Policy;
  modelPath: string | null;
  model: ExplicitRewardModel | undefined;
  teacherSpec: string;
  horizon: number;
  teacher: Teacher;
}
let opened: Opened | null = null;

async function open(job: EpisodeJob): Promise<Opened> {
  if (
    opened &&
    opened.policyPath === job.policyPath &&
    opened.modelPath === job.modelPath &&
    opened.teacherSpec === job.teacher &&
    opened.horizon === job.horizon
  ) {
    return opened;
  }
  await teardown();
  await initPhysics();
  const policy = await openPolicy(job.policyPath, job.task);
  const model = job.modelPath ? ((await openRewardModel(job.modelPath)) as ExplicitRewardModel) : undefined;
  opened = {
    policyPath: job.policyPath,
    policy,
    modelPath: job.modelPath,
    model,
    teacherSpec: job.teacher,
    horizon: job.horizon,
    teacher: horizonTeacher(await resolveTeacher(job.teacher), job.horizon),
  };
  return opened;
}

/** Runs the job's queries along its episode; the labelled records in query order. */
export async function runEpisode(job: EpisodeJob): Promise<StoredPart[]> {
  const o = await open(job);
  const scene = Scene.create(getTask(job.task), job.seed);
  try {
    if (job.start) scene.restore(job.start);
    const stages = { teacher: o.teacher, selector: selectorByName(job.selector), model: o.model, policy: o.policy };
    const cfg = { candidates: job.candidates, oversample: job.oversample, framesDir: job.framesDir };
    const out: StoredPart[] = [];
    for (let within = job.from; within < job.to; within++) {
      const r = await labelQuery(scene, stages, cfg, queryRng(job.seed, within));
      if (r.runs.length > 0) scene.restore(r.runs[0].after);
      out.push({ record: r.record, label: r.label, annotator: r.annotator });
    }
    return out;
  } finally {
    scene.free();
  }
}

/** Frees what `open` holds (the pool calls it before a thread ends). */
export async function teardown(): Promise<void> {
  const o = opened;
  opened = null;
  if (o) {
    await o.policy.free();
    await o.model?.free();
  }
}

export default runEpisode;
