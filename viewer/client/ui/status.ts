/**
 * The progress bar (labels, labels per minute, held-out label accuracy, agreement, each with its n)
 * and the model's lines.
 */
import { MIN_SHOWN_PAIRS, type Prediction, type Progress } from '../../protocol/index.ts';
import { byId } from './dom.ts';

export function showProgress(p: Progress, goal = 50): void {
  byId('labels').textContent = String(p.labels);
  byId('rate').textContent = p.perMinute.toFixed(1);
  byId('accuracy').textContent = formatLabelAccuracy(p.labelAccuracy, p.labelPairs);
  byId('agreement').textContent = formatShare(p.agreement.agree, p.agreement.total);
  byId('model').textContent = p.modelId ?? 'none yet';
  byId<HTMLElement>('bar-fill').style.width = `${Math.min(100, (100 * p.labels) / goal)}%`;
}

export { MIN_SHOWN_PAIRS };

/** k of n as "75% (n = 24)"; "— (n = 5)" under 20, so the n always shows. */
export function formatShare(k: number, n: number): string {
  return n < MIN_SHOWN_PAIRS ? `— (n = ${n})` : `${((100 * k) / n).toFixed(0)}% (n = ${n})`;
}

/** The live model's held-out labelAccuracy with its n, e.g. "78% (n = 41)"; "—" under 20 pairs or when unknown. */
export function formatLabelAccuracy(value: number | null, n: number | null): string {
  if (value === null || n === null || n < MIN_SHOWN_PAIRS) return '—';
  return `${(100 * value).toFixed(0)}% (n = ${n})`;
}

/** One line saying what the live model predicted for the query just labelled. */
export function describePrediction(p: Prediction | null, agree: boolean | null, names: string[]): string {
  if (!p) return 'Saved. No live model yet, so no prediction.';
  return describeModel(p, names) + (agree === null ? '' : agree ? ' — agrees with you' : ' — disagrees with you');
}

/**
 * The line under the panels about the query on screen: hidden until asked for (key p), so the
 * model does not anchor the label; "waiting" until the server's prediction arrives.
 */
export function describeCurrent(p: Prediction | null | undefined, shown: boolean, names: string[]): string {
  if (!shown) return 'This query: model hidden (p shows it)';
  if (p === undefined) return 'This query: asking the model…';
  if (p === null) return 'This query: no live model yet';
  return `This query: ${describeModel(p, names)}`;
}

function describeModel(p: Prediction, names: string[]): string {
  if (p.pA !== null) {
    const side = p.pA >= 0.5 ? names[0] : names[1];
    const conf = Math.max(p.pA, 1 - p.pA);
    return `Model prefers ${side}: P = ${conf.toFixed(2)} ± ${(p.pStd ?? 0).toFixed(2)}`;
  }
  let best = 0;
  for (let i = 1; i < p.scores.length; i++) if (p.scores[i] > p.scores[best]) best = i;
  return `Model's best: ${names[best]} (reward ${p.scores[best].toFixed(2)} ± ${p.std[best].toFixed(2)})`;
}

let toastTimer = 0;
export function toast(text: string, kind: 'info' | 'error' = 'info'): void {
  const t = byId('toast');
  t.textContent = text;
  t.className = `show ${kind}`;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(
    () => {
      t.className = '';
    },
    kind === 'error' ? 5000 : 3000,
  );
}
