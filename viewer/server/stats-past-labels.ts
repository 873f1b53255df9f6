/** The label browser's list: one annotator's current labels of a task, newest first. */
import type { Label } from '../../reward/labels/index.ts';
import type { PreferenceStore } from '../../reward/store/index.ts';
import type { PastLabel } from '../protocol/index.ts';

/** Labels listed at most, newest first. */
export const PAST_LABELS_SHOWN = 100;

export function pastLabels(
  store: PreferenceStore, task: string, annotator: string, replayable: (queryId: number) => boolean,
): PastLabel[] {
  return store.labelsFor(task, { annotators: [annotator] }).slice(-PAST_LABELS_SHOWN).reverse().map((l) => ({
    labelId: l.id, queryId: l.queryId, label: l.label, createdAt: l.createdAt,
    revises: store.labelRevision(l.id).revises, replayable: replayable(l.queryId),
  }));
}

/** True when two labels say the same thing (key order aside). */
export function sameLabel(a: Label, b: Label): boolean {
  return canonical(a) === canonical(b);
}

function canonical(l: Label): string {
  return JSON.stringify(Object.fromEntries(Object.entries(l).sort(([x], [y]) => x.localeCompare(y))));
}
