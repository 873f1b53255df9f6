/**
 * A query for annotators (runs inside the rollout worker): `prepareQuery` of reward/collect, the
 * same stages as headless collection, with the flow's candidate count, then the runs encoded as
 * int16 frame records for streaming. The episode goes on from the last shown candidate's outcome.
 */
import { encodeRuns, prepareQuery, startFrame, type QueryStages } from '../../../reward/collect/index.ts';
import { encodeObservation } from '../../../reward/store/observation-codec.ts';
import type { Rng, Scene } from '../../../sim/index.ts';
import { FLOW_CANDIDATES, type Flow } from '../../protocol/index.ts';
import type { PreparedQuery } from './prepared-query.ts';
import { sceneInfo } from './scene-info.ts';

export interface ServedQueryConfig {
  /** The selector picks the flow's K candidates from K · oversample. */
  oversample: number;
  /** Outcomes closer than this (metres) are drawn again; 0: off. */
  minOutcomeDistance: number;
}

export async function prepareServedQuery(
  scene: Scene,
  flow: Flow,
  source: string,
  stages: QueryStages,
  cfg: ServedQueryConfig,
  rng: Rng,
): Promise<PreparedQuery> {
  const k = FLOW_CANDIDATES[flow];
  const q = await prepareQuery(
    scene,
    stages,
    { pool: k * cfg.oversample, size: k, minOutcomeDistance: cfg.minOutcomeDistance },
    rng,
  );
  const info = sceneInfo(scene);
  const encoded = encodeRuns(startFrame(scene), q.runs);
  scene.restore(q.runs[q.runs.length - 1].after);
  return {
    flow,
    task: scene.task.id,
    seed: scene.seed,
    snapshot: q.snapshot,
    observation: encodeObservation(q.obs),
    candidates: q.candidates,
    worldCandidates: encoded.worldCandidates,
    source,
    scene: info,
    startFrame: encoded.startFrame,
    frames: encoded.frames,
    metrics: encoded.metrics,
    selector: q.selector,
    selectorScore: q.selectorScore,
    skipped: q.skipped,
    closest: q.closest,
  };
}
