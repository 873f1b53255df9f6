import { TASK_IDS, getTask } from '../../sim/index.ts';

/**
 * The range of each task reward metric, so that intervals and axes never leave it. Coverage and
 * IoU are fractions (METHODS.md §8); a metric not listed here is taken as unbounded.
 */
export const METRIC_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  coverage: [0, 1],
  iou: [0, 1],
};

const UNBOUNDED = [-Infinity, Infinity] as const;
/** Counts, distances and steps: never below zero. */
export const NON_NEGATIVE = [0, Infinity] as const;

/** Range of a metric by name (unbounded when unknown). */
export function metricRange(metric: string): readonly [number, number] {
  return METRIC_RANGES[metric] ?? UNBOUNDED;
}

/** Range of a task's reward metric; unbounded for an id that is not a task (e.g. test fixtures). */
export function taskMetricRange(task: string | undefined): readonly [number, number] {
  if (task === undefined || !(TASK_IDS as readonly string[]).includes(task)) return UNBOUNDED;
  return metricRange(getTask(task).rewardMetric);
}
