/**
 * What a page may show about a query besides the replay: the label browser's list (one annotator's
 * current labels of a task, newest first) and the end-state figures of each outcome.
 */
import type { Label } from '../../reward/labels/index.ts';
import type { PreferenceStore } from '../../reward/store/index.ts';
import { getTask, type Metrics } from '../../sim/index.ts';
import type { EndFigures, PastLabel } from '../protocol/index.ts';

/** Labels listed at most, newest first. */
export const PAST_LABELS_SHOWN = 100;

export function pastLabels(
  store: PreferenceStore,
  task: string,
  annotator: string,
  replayable: (queryId: number) => boolean,
): PastLabel[] {
  return store
    .labelsFor(task, { annotators: [annotator] })
    .slice(-PAST_LABELS_SHOWN)
    .reverse()
    .map((l) => ({
      labelId: l.id,
      queryId: l.queryId,
      label: l.label,
      createdAt: l.createdAt,
      revises: store.labelRevision(l.id).revises,
      replayable: replayable(l.queryId),
    }));
}

/** True when two labels say the same thing (key order aside). */
export function sameLabel(a: Label, b: Label): boolean {
  return canonical(a) === canonical(b);
}

function canonical(l: Label): string {
  return JSON.stringify(Object.fromEntries(Object.entries(l).sort(([x], [y]) => x.localeCompare(y))));
}

/** Each outcome's metrics (non-finite ones left out), the task's reward metric and its success rule. */
export function endFigures(task: string, metrics: Metrics[]): EndFigures {
  const t = getTask(task);
  return {
    metrics: metrics.map((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => Number.isFinite(v)))),
    rewardMetric: t.rewardMetric,
    success: `${t.success.metric} ${t.success.direction === 'above' ? '≥' : '≤'} ${t.success.threshold}`,
  };
}
