/** Number formatting of the report: "—" wherever a figure does not exist (issue 18). */
import type { MeanCI, RateCI } from '../stats.ts';

export const DASH = '—';

export const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** `v` with `digits` decimals, or "—" when it is not a number. */
export const fixed = (v: number, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : DASH);

/** "mean [lo, hi]"; the bracket only when the interval exists, "—" when the mean does not. */
export function meanCell(c: MeanCI, digits = 3): string {
  if (!Number.isFinite(c.mean)) return DASH;
  const ci =
    Number.isFinite(c.lo) && Number.isFinite(c.hi)
      ? ` <span class="ci">[${fixed(c.lo, digits)}, ${fixed(c.hi, digits)}]</span>`
      : '';
  return `${fixed(c.mean, digits)}${ci}`;
}

/** "k/n = p [lo, hi]" with the Wilson interval, or "—" for no trials. */
export function rateCell(r: RateCI): string {
  if (r.n === 0) return DASH;
  const k = Math.round(r.value * r.n);
  return `${fixed(r.value, 2)} <span class="ci">[${fixed(r.lo, 2)}, ${fixed(r.hi, 2)}] ${k}/${r.n}</span>`;
}

/** Plain-text "mean [lo, hi]" for the terminal: the bracket only when the interval exists, "—" without a mean. */
export function meanText(c: MeanCI, digits = 3): string {
  if (!Number.isFinite(c.mean)) return DASH;
  return Number.isFinite(c.lo) && Number.isFinite(c.hi)
    ? `${fixed(c.mean, digits)} [${fixed(c.lo, digits)}, ${fixed(c.hi, digits)}]`
    : fixed(c.mean, digits);
}
