/**
 * End-state figures, shown on request (key f) so they do not replace looking: in each candidate's
 * panel, its task metrics after the action, the reward metric first and against the success rule.
 */
import type { EndFigures } from '../../protocol/index.ts';
import { el } from './dom.ts';

/** "coverage 0.62 (success ≥ 0.85) · iou 0.31": the reward metric first. */
export function describeOutcome(f: EndFigures, candidate: number): string {
  const m = f.metrics[candidate] ?? {};
  const keys = Object.keys(m).sort(
    (a, b) => Number(b === f.rewardMetric) - Number(a === f.rewardMetric) || a.localeCompare(b),
  );
  return keys
    .map((k) => {
      const text = `${k} ${m[k].toFixed(2)}`;
      return k === f.rewardMetric ? `${text} (success: ${f.success})` : text;
    })
    .join(' · ');
}

/** Adds a figures line to every candidate panel under `root` (hidden unless body[data-figures=on]). */
export function addEndFigures(root: HTMLElement, f: EndFigures): void {
  root.querySelectorAll<HTMLElement>('.panel[data-candidate]').forEach((panel) => {
    const c = Number(panel.dataset.candidate);
    if (c >= 0) panel.append(el('div', { class: 'figures', text: describeOutcome(f, c) }));
  });
}
