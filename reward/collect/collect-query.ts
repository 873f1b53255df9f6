/**
 * One preference query, end to end (ARCHITECTURE.md, "One preference query"): snapshot → K
 * candidates → the selector picks the query → each chosen candidate is run from the same
 * snapshot with recording → the teacher labels the outcomes → state, query, outcomes and label
 * are stored in one transaction.
 */
import { z } from 'zod';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Rng } from '../../core/rng.ts';
import type { Scene } from '../../sim/index.ts';
import { writeEpisodeFile } from '../../sim/recording/index.ts';
import type { Action, Frame } from '../../sim/types.ts';
import type { Label } from '../labels/index.ts';
import type { UncertainRewardModel } from '../models/index.ts';
import type { Policy, Selector } from '../selection/index.ts';
import { encodeObservation, type PreferenceStore } from '../store/index.ts';
import { addHorizonRewards, type Teacher, type TeacherQuery } from '../teachers/index.ts';
import { runCandidate, type CandidateRun } from './outcome.ts';

export const CollectConfigSchema = z.strictObject({
  candidates: z.number().int().min(1).default(8).describe('candidates K per query (DeformPAM paper: 8)'),
  oversample: z.number().int().min(1).default(1).describe('the pool holds K · oversample candidates; the selector picks the query from it'),
  obsPoints: z.number().int().positive().default(256).describe('points of the stored observation (paper: 3000–3500)'),
  framesDir: z.string().nullable().default(null).describe('write each outcome\'s frames as an episode file here (needed by RAPL training)'),
  expert: z.boolean().default(false)
    .describe('ranking teachers: show the scripted expert\'s action as an extra last outcome; when the teacher ranks it first the query records it as expert (DeformPAM "expert ≻ candidate" pairs)'),
});
export type CollectConfig = z.output<typeof CollectConfigSchema>;
export type CollectConfigInput = z.input<typeof CollectConfigSchema>;

/** What the collection stages are; all are interfaces passed in (STYLE.md §11). */
export interface CollectStages {
  store: PreferenceStore;
  teacher: Teacher;
  selector: Selector;
  policy: Policy;
  /** Reward model the selector scores with, and the id recorded as live with the label. */
  model?: UncertainRewardModel;
  /** Called inside the transaction that stores the query, so progress saved here commits with it. */
  onStored?: (ids: { stateId: number; queryId: number; labelId: number }) => void;
}

export interface QueryResult {
  stateId: number;
  queryId: number;
  labelId: number;
  label: Label;
  selectorScore: number | null;
  /** Candidates shown (normalised frame) and their runs. */
  candidates: Action[];
  runs: CandidateRun[];
}

/** Number of candidates a teacher of this kind labels at once. */
export function querySize(kind: Teacher['kind'], k: number): number {
  switch (kind) {
    case 'pair': case 'any': return 2;
    case 'triplet': return 3;
    case 'binary': return 1;
    case 'ranking': return k;
  }
}

/** Runs one query from the scene's current state; the scene is left in that state. */
export async function collectQuery(scene: Scene, stages: CollectStages, cfgIn: CollectConfigInput, rng: Rng): Promise<QueryResult> {
  const cfg = CollectConfigSchema.parse(cfgIn);
  const snapshot = scene.snapshot();
  const obs = scene.observe(cfg.obsPoints, rng.fork());
  const pool = await stages.policy.sample(obs, cfg.candidates * cfg.oversample, rng);
  const size = querySize(stages.teacher.kind, cfg.candidates);
  const choice = await stages.selector.pick(obs, pool, size, rng, stages.model);
  const candidates = choice.indices.map((i) => pool[i]);
  const withExpert = cfg.expert && stages.teacher.kind === 'ranking';
  if (withExpert) candidates.push(scene.task.expert(scene, rng.fork(), 1)[0]);
  const steps = scene.stepsTaken;
  const runs = candidates.map((a) => runCandidate(scene, snapshot, a));
  const outcomes = addHorizonRewards(stages.teacher, scene, runs.map((r) => r.outcome), runs.map((r) => r.after), steps);
  scene.restore(snapshot);
  const tq = teacherQuery(scene);
  const label = stages.teacher.label(tq, outcomes, rng);
  const teacherScores = stages.teacher.score?.(tq, outcomes) ?? runs.map(() => null);
  const expert = withExpert ? expertIfFirst(label, candidates.length - 1) : null;
  const frameRefs = cfg.framesDir === null ? runs.map(() => null) : writeFrames(cfg.framesDir, scene, runs);
  const s = stages.store;
  const ids = s.transaction(() => {
    const stateId = s.addState({ task: scene.task.id, seed: scene.seed, snapshot, observation: encodeObservation(obs) });
    const queryId = s.addQuery({ stateId, candidates, expert, selector: stages.selector.name, selectorScore: choice.score });
    runs.forEach((r, c) => s.addOutcome({ queryId, candidate: c, metrics: r.metrics, return: r.return, teacherScore: teacherScores[c], framesRef: frameRefs[c] }));
    const labelId = s.addLabel({
      queryId, label, annotator: `teacher:${stages.teacher.name}`,
      liveModels: stages.model && s.getModel(stages.model.id) ? [stages.model.id] : [],
    });
    stages.onStored?.({ stateId, queryId, labelId });
    return { stateId, queryId, labelId };
  });
  return { ...ids, label, selectorScore: choice.score, candidates, runs };
}

/** The expert's candidate index when the teacher's ranking picked it first (better than every candidate), else null. */
export function expertIfFirst(label: Label, index: number): number | null {
  return label.kind === 'ranking' && label.order[0] === index ? index : null;
}

/** What the teacher is told about the query: the task, and the scene's keep-out zone when it has one. */
export function teacherQuery(scene: Scene): TeacherQuery {
  const i = scene.info;
  return i.keepOutXMin === undefined
    ? { task: scene.task.id }
    : { task: scene.task.id, keepOut: { xMin: i.keepOutXMin, xMax: i.keepOutXMax, yMin: i.keepOutYMin, yMax: i.keepOutYMax } };
}

let frameFileCounter = 0;

function writeFrames(dir: string, scene: Scene, runs: CandidateRun[]): string[] {
  mkdirSync(dir, { recursive: true });
  const stamp = `${Date.now().toString(36)}-${process.pid}-${frameFileCounter++}`;
  return runs.map((r, c) => {
    const path = join(dir, `${scene.task.id}-${stamp}-${c}.psep`);
    writeEpisodeFile(path, {
      taskId: scene.task.id, seed: scene.seed,
      steps: [{ action: r.outcome.action, metrics: r.metrics, frameStart: 0, frameCount: r.frames.length }],
      frames: r.frames as Frame[],
    });
    return path;
  });
}
