/** The served task's annotator-quality pieces: the planted check queries and the `/stats` context. */
import { makeRng } from '../../core/rng.ts';
import type { PreferenceStore } from '../../reward/store/index.ts';
import { getTask } from '../../sim/index.ts';
import type { ServeConfig } from './config.ts';
import { CheckQueries } from './stats-check-queries.ts';
import type { StatsRouteContext } from './stats-routes.ts';

export function annotatorQuality(
  config: ServeConfig,
  store: PreferenceStore,
): { checks: CheckQueries; stats: StatsRouteContext } {
  const metric = getTask(config.task).rewardMetric;
  // Its own stream, so planting checks does not shift the scene seeds or candidates.
  const rng = makeRng(((config.seed ?? 0) ^ 0x9e3779b9) >>> 0);
  return {
    checks: new CheckQueries({
      goldRate: config.goldRate,
      repeatRate: config.repeatRate,
      metric,
      margin: config.goldMargin,
      rng,
    }),
    stats: { store, task: config.task, metric, margin: config.goldMargin },
  };
}
