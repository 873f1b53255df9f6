/**
 * Headless collection of N queries (what `prefsim collect` runs): scenes from consecutive seeds
 * (or seeds reserved in the store, so re-runs and concurrent runs never repeat a state),
 * several queries along each episode (after a query the scene advances to the outcome of its
 * first shown candidate, reusing that run's snapshot), every query stored as it completes.
 */
import { z } from 'zod';
import { makeRng } from '../../core/rng.ts';
import { getTask, Scene } from '../../sim/index.ts';
import { collectQuery, CollectConfigSchema, type CollectStages, type QueryResult } from './collect-query.ts';
import type { Policy } from '../selection/index.ts';

export const CollectRunConfigSchema = CollectConfigSchema.extend({
  task: z.string().min(1).describe('task id'),
  queries: z.number().int().min(1).describe('queries to collect'),
  queriesPerScene: z.number().int().min(1).default(4).describe('queries along one episode before a new seed'),
  seed: z
    .number()
    .int()
    .nullable()
    .default(0)
    .describe(
      'first scene seed, later scenes count up (each noted in the store); null: each scene takes the next seed ' +
        'the store has not seen',
    ),
});
export type CollectRunConfigInput = z.input<typeof CollectRunConfigSchema>;

export interface CollectProgress {
  done: number;
  total: number;
  last: QueryResult;
}

/**
 * Collects `queries` labelled queries. `policy` is the candidate policy, or `policyFor(scene)`
 * giving one per scene (e.g. `standInPolicy(() => scene)`); `openCollectPolicy(task)` picks the
 * task's trained diffusion policy when there is one. Physics must be initialised.
 */
export async function collectRun(
  stages: Omit<CollectStages, 'policy'>,
  policyFor: Policy | ((scene: Scene) => Policy),
  cfgIn: CollectRunConfigInput,
  onProgress?: (p: CollectProgress) => void,
): Promise<QueryResult[]> {
  const cfg = CollectRunConfigSchema.parse(cfgIn);
  const queryCfg = {
    candidates: cfg.candidates,
    oversample: cfg.oversample,
    obsPoints: cfg.obsPoints,
    framesDir: cfg.framesDir,
    expert: cfg.expert,
    minOutcomeDistance: cfg.minOutcomeDistance,
  };
  const task = getTask(cfg.task);
  const store = stages.store;
  let counted = cfg.seed;
  const nextSeed = (): number => {
    if (counted === null) return store.reserveSeed(task.id);
    store.noteSeed(task.id, counted);
    return counted++;
  };
  let seed = nextSeed();
  const rng = makeRng(seed);
  const results: QueryResult[] = [];
  for (let first = true; results.length < cfg.queries; first = false) {
    if (!first) seed = nextSeed();
    const scene = Scene.create(task, seed);
    try {
      const policy = typeof policyFor === 'function' ? policyFor(scene) : policyFor;
      for (let q = 0; q < cfg.queriesPerScene && results.length < cfg.queries; q++) {
        const r = await collectQuery(scene, { ...stages, policy }, queryCfg, rng);
        results.push(r);
        onProgress?.({ done: results.length, total: cfg.queries, last: r });
        if (r.runs.length > 0) scene.restore(r.runs[0].after);
      }
    } finally {
      scene.free();
    }
  }
  return results;
}
