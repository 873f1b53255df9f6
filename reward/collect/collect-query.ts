/**
 * One headless preference query, end to end (ARCHITECTURE.md, "One preference query"):
 * `prepareQuery` (snapshot → K candidates → the selector → runs from the same snapshot) → the
 * teacher labels the outcomes → `storeLabelledQuery` stores state, query, outcomes and label in
 * one transaction, as the viewer does with a person's label.
 */
import { z } from 'zod';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import type { Rng } from '../../core/rng.ts';
import type { Scene } from '../../sim/index.ts';
import { writeEpisodeFile } from '../../sim/recording/index.ts';
import type { Action, Frame } from '../../sim/types.ts';
import type { Label } from '../labels/index.ts';
import { encodeObservation, type PreferenceStore } from '../store/index.ts';
import { addHorizonRewards, type Teacher, type TeacherQuery } from '../teachers/index.ts';
import type { CandidateRun } from './outcome.ts';
import { prepareQuery, type QueryStages } from './prepare-query.ts';
import { storeLabelledQuery, type LabelledQuery } from './store-query.ts';

export const CollectConfigSchema = z.strictObject({
  candidates: z.number().int().min(1).default(8).describe('candidates K per query (DeformPAM paper: 8)'),
  oversample: z
    .number()
    .int()
    .min(1)
    .default(1)
    .describe('the pool holds K · oversample candidates; the selector picks the query from it'),
  obsPoints: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("points of the stored observation (paper: 3000–3500); default: the policy's own"),
  framesDir: z
    .string()
    .nullable()
    .default(null)
    .describe("write each outcome's frames as an episode file here (needed by RAPL training)"),
  expert: z
    .boolean()
    .default(false)
    .describe(
      "ranking teachers: show the scripted expert's action as an extra last outcome; when the teacher ranks it " +
        'first the query records it as expert (DeformPAM "expert ≻ candidate" pairs)',
    ),
  minOutcomeDistance: z
    .number()
    .min(0)
    .default(0)
    .describe('draw again when shown outcomes are closer than this (mean object-point distance, m); 0: off'),
});
export type CollectConfig = z.output<typeof CollectConfigSchema>;
export type CollectConfigInput = z.input<typeof CollectConfigSchema>;

/**
 * What the collection stages are; all are interfaces passed in (STYLE.md §11). `model` is the
 * reward model the selector scores with, and the id recorded as live with the label.
 */
export interface CollectStages extends QueryStages {
  store: PreferenceStore;
  teacher: Teacher;
  /** Called inside the transaction that stores the query, so progress saved here commits with it. */
  onStored?: (ids: { stateId: number; queryId: number; labelId: number }) => void;
}

export interface QueryResult {
  stateId: number;
  queryId: number;
  labelId: number;
  label: Label;
  selectorScore: number | null;
  /** Draws skipped for near-identical outcomes (`minOutcomeDistance`). */
  skipped: number;
  /** Candidates shown (normalised frame) and their runs. */
  candidates: Action[];
  runs: CandidateRun[];
}

/** Number of candidates a teacher of this kind labels at once. */
export function querySize(kind: Teacher['kind'], k: number): number {
  switch (kind) {
    case 'pair':
    case 'any':
      return 2;
    case 'triplet':
      return 3;
    case 'binary':
      return 1;
    case 'ranking':
      return k;
  }
}

/** What labelling a query needs: the query stages and the teacher (no store). */
export interface LabelStages extends QueryStages {
  teacher: Teacher;
}

/** A prepared query with its teacher's label, ready for `storeLabelledQuery` (plain data: it crosses threads). */
export interface LabelledResult {
  record: LabelledQuery;
  label: Label;
  annotator: string;
  selectorScore: number | null;
  skipped: number;
  candidates: Action[];
  runs: CandidateRun[];
}

/**
 * Prepares one query from the scene's current state and has the teacher label it; stores
 * nothing, so it can run on a worker thread. The scene is left in that state.
 */
export async function labelQuery(
  scene: Scene,
  stages: LabelStages,
  cfgIn: CollectConfigInput,
  rng: Rng,
): Promise<LabelledResult> {
  const cfg = CollectConfigSchema.parse(cfgIn);
  const withExpert = cfg.expert && stages.teacher.kind === 'ranking';
  const steps = scene.stepsTaken;
  const q = await prepareQuery(
    scene,
    stages,
    {
      pool: cfg.candidates * cfg.oversample,
      size: querySize(stages.teacher.kind, cfg.candidates),
      obsPoints: cfg.obsPoints,
      expert: withExpert,
      minOutcomeDistance: cfg.minOutcomeDistance,
    },
    rng,
  );
  const { candidates, runs } = q;
  // A horizon teacher values each outcome over k further expert steps, run from its end state.
  const outcomes = addHorizonRewards(
    stages.teacher,
    scene,
    runs.map((r) => r.outcome),
    runs.map((r) => r.after),
    steps,
  );
  scene.restore(q.snapshot);
  const tq = teacherQuery(scene);
  const label = stages.teacher.label(tq, outcomes, rng);
  const teacherScores = stages.teacher.score?.(tq, outcomes) ?? runs.map(() => null);
  const expert = q.expertIndex === null ? null : expertIfFirst(label, q.expertIndex);
  const frameRefs = cfg.framesDir === null ? runs.map(() => null) : writeFrames(cfg.framesDir, scene, runs);
  const record: LabelledQuery = {
    task: scene.task.id,
    seed: scene.seed,
    snapshot: q.snapshot,
    observation: encodeObservation(q.obs),
    candidates,
    expert,
    selector: q.selector,
    selectorScore: q.selectorScore,
    outcomes: runs.map((r, c) => ({
      metrics: r.metrics,
      return: r.return,
      teacherScore: teacherScores[c],
      framesRef: frameRefs[c],
    })),
  };
  return {
    record,
    label,
    annotator: `teacher:${stages.teacher.name}`,
    selectorScore: q.selectorScore,
    skipped: q.skipped,
    candidates,
    runs,
  };
}

/** Stores a teacher-labelled query in one transaction; `modelId` is recorded as live when registered. */
export function storeTeacherLabel(
  store: PreferenceStore,
  r: Pick<LabelledResult, 'record' | 'label' | 'annotator'>,
  modelId: string | undefined,
  onStored?: CollectStages['onStored'],
): { stateId: number; queryId: number; labelId: number } {
  const liveModels = modelId && store.getModel(modelId) ? [modelId] : [];
  const { stateId, queryId, labelId } = storeLabelledQuery(
    store,
    r.record,
    null,
    { label: r.label, annotator: r.annotator, liveModels },
    (ids) => onStored?.({ stateId: ids.stateId, queryId: ids.queryId, labelId: ids.labelId }),
  );
  return { stateId, queryId, labelId };
}

/** Runs one query from the scene's current state and stores it; the scene is left in that state. */
export async function collectQuery(
  scene: Scene,
  stages: CollectStages,
  cfgIn: CollectConfigInput,
  rng: Rng,
): Promise<QueryResult> {
  const r = await labelQuery(scene, stages, cfgIn, rng);
  const ids = storeTeacherLabel(stages.store, r, stages.model?.id, stages.onStored);
  return {
    ...ids,
    label: r.label,
    selectorScore: r.selectorScore,
    skipped: r.skipped,
    candidates: r.candidates,
    runs: r.runs,
  };
}

/** The expert's candidate index when the teacher's ranking picked it first (better than every candidate), else null. */
export function expertIfFirst(label: Label, index: number): number | null {
  return label.kind === 'ranking' && label.order[0] === index ? index : null;
}

/** What the teacher is told about the query: the task, and the scene's keep-out zone when it has one. */
export function teacherQuery(scene: Scene): TeacherQuery {
  const box = scene.task.keepOut;
  return box === null ? { task: scene.task.id } : { task: scene.task.id, keepOut: { ...box } };
}

let frameFileCounter = 0;

function writeFrames(dir: string, scene: Scene, runs: CandidateRun[]): string[] {
  mkdirSync(dir, { recursive: true });
  // The thread id keeps names apart when collection runs on several worker threads.
  const stamp = `${Date.now().toString(36)}-${process.pid}-${threadId}-${frameFileCounter++}`;
  return runs.map((r, c) => {
    const path = join(dir, `${scene.task.id}-${stamp}-${c}.psep`);
    writeEpisodeFile(path, {
      taskId: scene.task.id,
      seed: scene.seed,
      steps: [{ action: r.outcome.action, metrics: r.metrics, frameStart: 0, frameCount: r.frames.length }],
      frames: r.frames as Frame[],
    });
    return path;
  });
}
