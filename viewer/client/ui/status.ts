/** The progress bar (labels, labels per minute, held-out label accuracy, agreement) and the model's verdict. */
import type { Prediction, Progress } from '../../protocol/index.ts';
import { byId } from './dom.ts';

export function showProgress(p: Progress, goal = 50): void {
  byId('labels').textContent = String(p.labels);
  byId('rate').textContent = p.perMinute.toFixed(1);
  byId('accuracy').textContent = formatLabelAccuracy(p.labelAccuracy, p.labelPairs);
  byId('agreement').textContent = p.agreement.total === 0 ? '—' : `${p.agreement.agree}/${p.agreement.total}`;
  byId('model').textContent = p.modelId ?? 'none yet';
  byId<HTMLElement>('bar-fill').style.width = `${Math.min(100, (100 * p.labels) / goal)}%`;
}

/** Held-out pairs below which the status bar shows "—": a figure on fewer says little. */
export const MIN_SHOWN_PAIRS = 20;

/** The live model's held-out labelAccuracy with its n, e.g. "78% (n = 41)"; "—" under 20 pairs or when unknown. */
export function formatLabelAccuracy(value: number | null, n: number | null): string {
  if (value === null || n === null || n < MIN_SHOWN_PAIRS) return '—';
  return `${(100 * value).toFixed(0)}% (n = ${n})`;
}

/** One line saying what the live model predicted for the query just labelled. */
export function describePrediction(p: Prediction | null, agree: boolean | null, names: string[]): string {
  if (!p) return 'Saved. No live model yet, so no prediction.';
  const verdict = agree === null ? '' : agree ? ' — agrees with you' : ' — disagrees with you';
  if (p.pA !== null) {
    const side = p.pA >= 0.5 ? names[0] : names[1];
    const conf = Math.max(p.pA, 1 - p.pA);
    return `Model prefers ${side}: P = ${conf.toFixed(2)} ± ${(p.pStd ?? 0).toFixed(2)}${verdict}`;
  }
  let best = 0;
  for (let i = 1; i < p.scores.length; i++) if (p.scores[i] > p.scores[best]) best = i;
  return `Model's best: ${names[best]} (reward ${p.scores[best].toFixed(2)} ± ${p.std[best].toFixed(2)})${verdict}`;
}

let toastTimer = 0;
export function toast(text: string, kind: 'info' | 'error' = 'info'): void {
  const t = byId('toast');
  t.textContent = text;
  t.className = `show ${kind}`;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => { t.className = ''; }, kind === 'error' ? 5000 : 3000);
}
