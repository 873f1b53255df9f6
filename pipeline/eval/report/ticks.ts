/**
 * Round axis ticks: a step of 1, 2 or 5 × 10^k, bounds on multiples of the step, and the axis
 * never wider than the metric's range (a coverage axis stops at 0 and 1). Passed to ECharts as
 * min / max / interval so that every chart of a report reads the same way.
 */
export interface AxisScale {
  min: number;
  max: number;
  interval: number;
}

/** Smallest 1-2-5 step at least `raw`. */
export function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** Removes the float noise of multiplying a step (0.1 * 3 = 0.30000000000000004). */
const tidy = (v: number) => Number.parseFloat(v.toPrecision(12));

/**
 * Scale covering [lo, hi] with about `ticks` intervals, inside `range`. Non-finite or empty
 * data give the range itself when it is finite, else [0, 1].
 */
export function niceScale(
  lo: number,
  hi: number,
  range: readonly [number, number] = [-Infinity, Infinity],
  ticks = 5,
): AxisScale {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    [lo, hi] = Number.isFinite(range[0]) && Number.isFinite(range[1]) ? range : [0, 1];
  }
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    [lo, hi] = [lo - pad, hi + pad];
  }
  lo = Math.max(lo, range[0]);
  hi = Math.min(hi, range[1]);
  const interval = niceStep((hi - lo) / ticks);
  let min = tidy(Math.floor(lo / interval) * interval),
    max = tidy(Math.ceil(hi / interval) * interval);
  // The range's own bounds are round in the metrics we know (0, 1); never step past them.
  if (min < range[0]) min = range[0];
  if (max > range[1]) max = range[1];
  return { min, max, interval: tidy(interval) };
}

/** The tick values of a scale, from min to max. */
export function tickValues(s: AxisScale): number[] {
  const out: number[] = [];
  for (let k = 0; s.min + k * s.interval <= s.max + s.interval * 1e-9; k++) out.push(tidy(s.min + k * s.interval));
  return out;
}

/**
 * Every how many categories to label a category axis of `count` integer categories (steps 0..S):
 * 1 up to 12 categories, else a 1-2-5 step giving at most about 10 labels, so labels fall on
 * 0, 5, 10, … rather than wherever ECharts' automatic thinning puts them.
 */
export function categoryLabelStep(count: number): number {
  return count <= 12 ? 1 : Math.max(1, Math.round(niceStep((count - 1) / 10)));
}
