/**
 * ECharts options of the report's figures: mean lines with 95 % bands, the per-seed paired
 * difference, and the reliability diagram. Every value axis gets round ticks from `niceScale`
 * inside the metric's range; a missing figure is a gap ('-'), never a made-up value.
 */
import type { MeanCI } from '../stats.ts';
import type { ChartOption } from './echarts-svg.ts';
import type { PairedDifference } from './paired.ts';
import { categoryLabelStep, niceScale } from './ticks.ts';

export const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf', '#7f7f7f'];
const GAP = '-'; // ECharts' missing value
const num = (v: number) => (Number.isFinite(v) ? v : GAP);
const GRID = { left: 64, right: 170, top: 24, bottom: 48 };
const LEGEND = { orient: 'vertical', right: 8, top: 24, itemWidth: 16, itemHeight: 4 } as const;

export interface BandSeries {
  name: string;
  points: MeanCI[];
  /** Line and band colour; default: the palette by position. */
  color?: string;
}

/** Value axis with round ticks covering every mean and interval bound, inside `range`. */
export function valueAxis(values: number[], range: readonly [number, number], name: string) {
  const finite = values.filter(Number.isFinite);
  const s = niceScale(Math.min(...finite), Math.max(...finite), range);
  return {
    type: 'value' as const,
    name,
    nameLocation: 'middle' as const,
    nameGap: 44,
    min: s.min,
    max: s.max,
    interval: s.interval,
    splitLine: { lineStyle: { color: '#e4e4e4' } },
  };
}

/**
 * Mean lines over categories (steps, or candidate counts N) with their 95 % bands. A band is a
 * transparent lower line plus a stacked (hi − lo) area; where an interval does not exist
 * (n < 2) the band has a gap and only the mean is drawn.
 */
export function bandChart(
  categories: string[],
  series: BandSeries[],
  yName: string,
  xName: string,
  range: readonly [number, number],
): ChartOption {
  const bounds = series.flatMap((s) => s.points.flatMap((p) => [p.mean, p.lo, p.hi]));
  const every = categoryLabelStep(categories.length);
  return {
    color: series.map((s, k) => s.color ?? COLORS[k % COLORS.length]),
    grid: GRID,
    legend: { ...LEGEND, data: series.map((s) => s.name) },
    xAxis: {
      type: 'category',
      data: categories,
      boundaryGap: false,
      name: xName,
      nameLocation: 'middle',
      nameGap: 30,
      // ECharts' interval is the number of categories skipped between two labels.
      axisLabel: { interval: every - 1 },
      axisTick: { interval: every - 1 },
    },
    yAxis: valueAxis(bounds, range, yName),
    series: series.flatMap((s, k) => {
      const color = s.color ?? COLORS[k % COLORS.length];
      const hasBand = (p: MeanCI) => Number.isFinite(p.lo) && Number.isFinite(p.hi);
      const band = {
        type: 'line' as const,
        stack: `band${k}`,
        stackStrategy: 'all' as const,
        symbol: 'none',
        silent: true,
        lineStyle: { opacity: 0 },
      };
      return [
        { ...band, name: `${s.name} 95 % low`, data: s.points.map((p) => (hasBand(p) ? p.lo : GAP)) },
        {
          ...band,
          name: `${s.name} 95 % band`,
          data: s.points.map((p) => (hasBand(p) ? p.hi - p.lo : GAP)),
          areaStyle: { color, opacity: 0.15 },
        },
        {
          type: 'line' as const,
          name: s.name,
          data: s.points.map((p) => num(p.mean)),
          color,
          lineStyle: { width: 2 },
          symbol: categories.length > 12 ? 'none' : 'circle',
          symbolSize: 5,
        },
      ];
    }),
  };
}

/** Per-seed RAS − SL differences as points, one series per RAS method, with the zero line. */
export function pairedChart(
  pairs: PairedDifference[],
  metric: string,
  range: readonly [number, number],
  colorOf: (method: string) => string | undefined = () => undefined,
): ChartOption {
  const color = (p: PairedDifference, k: number) => colorOf(p.method) ?? COLORS[k % COLORS.length];
  const seeds = pairs.flatMap((p) => p.seeds);
  const x = niceScale(Math.min(...seeds), Math.max(...seeds), [0, Infinity]);
  const ys = pairs.flatMap((p) => [...p.diffs, p.mean.lo, p.mean.hi]);
  return {
    color: pairs.map(color),
    grid: GRID,
    legend: { ...LEGEND, itemWidth: 10, itemHeight: 10, data: pairs.map((p) => `${p.method} − sl`) },
    xAxis: {
      type: 'value',
      name: 'seed',
      nameLocation: 'middle',
      nameGap: 30,
      min: x.min,
      max: x.max,
      interval: Math.max(1, x.interval),
      splitLine: { show: false },
    },
    yAxis: valueAxis([0, ...ys], range, `final ${metric}, RAS − SL`),
    series: pairs.map((p, k) => ({
      type: 'scatter' as const,
      name: `${p.method} − sl`,
      symbolSize: 8,
      color: color(p, k),
      data: p.seeds.map((s, i) => [s, p.diffs[i]]),
      markLine: {
        silent: true,
        symbol: 'none',
        label: { show: false },
        lineStyle: { color: '#555', type: 'dashed' as const },
        data: k === 0 ? [{ yAxis: 0 }] : [],
      },
    })),
  };
}

/** Reliability bin, as the report's reward section gives it. */
export interface Bin {
  confidence: number;
  accuracy: number;
  count: number;
}

/** Observed frequency per confidence bin against the diagonal of perfect calibration. */
export function reliabilityChart(bins: Bin[]): ChartOption {
  const unit = {
    type: 'value' as const,
    min: 0,
    max: 1,
    interval: 0.2,
    nameLocation: 'middle' as const,
    nameGap: 30,
    splitLine: { lineStyle: { color: '#e4e4e4' } },
  };
  return {
    grid: { left: 56, right: 16, top: 16, bottom: 48 },
    xAxis: { ...unit, name: 'predicted P(A ≻ B)' },
    yAxis: { ...unit, name: 'observed frequency', nameGap: 40 },
    series: [
      {
        type: 'line',
        data: [
          [0, 0],
          [1, 1],
        ],
        symbol: 'none',
        silent: true,
        lineStyle: { color: '#999', type: 'dashed' },
      },
      {
        type: 'bar',
        data: bins.filter((b) => b.count > 0).map((b) => [b.confidence, b.accuracy]),
        barWidth: 14,
        itemStyle: { color: COLORS[0], opacity: 0.75 },
      },
    ],
  };
}
