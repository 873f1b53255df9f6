/**
 * Static SVG from Apache ECharts' server-side renderer (no DOM, no canvas, no network), for the
 * self-contained HTML report (issue 18).
 *
 * Why ECharts: its SSR renderer draws a chart to an SVG string in one synchronous call with no
 * browser and no native canvas, one package. Measured on this 2-core machine (load 10–13, so upper
 * bounds): a three-line 51-step chart renders in 50 ms to 10.5 kB of SVG; a full report with four
 * figures is 53 kB. The CommonJS bundle loads in 0.23 s, the ES module tree in 1.1–2.0 s, hence
 * `require` below. Vega-Lite needs two packages (vega, vega-lite), a compile step and an async
 * view.toSVG(); it was not installed here, so it was not measured.
 */
import { createRequire } from 'node:module';
import type * as ECharts from 'echarts';

export type ChartOption = ECharts.EChartsOption;

let echarts: typeof ECharts | undefined;
/** The single-file CommonJS bundle, loaded on first use (eval runs without --html never pay for it). */
function lib(): typeof ECharts {
  echarts ??= createRequire(import.meta.url)('echarts') as typeof ECharts;
  return echarts;
}

/** Font of every chart, matching the report's body text. */
const TEXT_STYLE = { fontFamily: 'system-ui, sans-serif', fontSize: 12, color: '#222' };

/** Renders one option to an SVG string of `width` × `height` CSS pixels; the chart is freed. */
export function renderSvg(option: ChartOption, width: number, height: number, label: string): string {
  const chart = lib().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: TEXT_STYLE, ...option });
    const svg = chart.renderToSVGString();
    // An accessible name for the figure; ECharts writes a bare <svg ...>.
    return svg.replace('<svg ', `<svg role="img" aria-label="${label.replace(/"/g, '&quot;')}" `);
  } finally {
    chart.dispose();
  }
}
