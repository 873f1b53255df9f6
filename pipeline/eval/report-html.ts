/**
 * The one self-contained HTML evaluation report (issues 7, 18, 19): every figure is static SVG
 * drawn by ECharts' server-side renderer, so the file opens anywhere with no script and no network.
 */
import { metricRange } from './metric-range.ts';
import { bandChart, COLORS, pairedChart, reliabilityChart } from './report/charts.ts';
import { type ChartOption, renderSvg } from './report/echarts-svg.ts';
import { DASH, esc, fixed, meanCell, rateCell } from './report/format.ts';
import { pairedDifferences } from './report/paired.ts';
import type { EvalReport } from './run-eval.ts';
import type { SelectionEfficiency } from './selection.ts';
import type { MeanCI } from './stats.ts';

/** Reliability diagram data: per confidence bin, mean predicted P and observed frequency. */
export interface ReliabilityBin {
  confidence: number;
  accuracy: number;
  count: number;
}

/** The report's reward-model section: bins of the diagram (null: none, and the caption says why). */
export interface ReliabilitySection {
  bins: ReliabilityBin[] | null;
  caption: string;
}

/** One row of `--candidates-sweep`: final metric per method at N candidates per decision. */
export interface CandidatesSweepRow {
  candidates: number;
  methods: { method: string; final: MeanCI }[];
  selectionEfficiency: SelectionEfficiency[];
}

const W = 720,
  H = 380;
const STYLE =
  'body{font:14px system-ui,sans-serif;margin:24px;color:#222}' +
  'table{border-collapse:collapse;margin:12px 0}' +
  'td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}td{white-space:nowrap}' +
  'td:first-child,th:first-child{text-align:left}.ci{color:#777;font-size:12px}h1{font-size:20px}' +
  'h2{font-size:16px;margin-top:28px}.note{color:#555}figure{margin:8px 0}';

/** A report-sized figure of `option`. */
const figure = (option: ChartOption, label: string, w = W, h = H) =>
  `<figure>${renderSvg(option, w, h, label)}</figure>`;

function reliabilitySection(r: ReliabilitySection | null | undefined): string {
  if (!r) return '';
  const chart = r.bins ? figure(reliabilityChart(r.bins), 'reliability diagram', 340, 320) : '';
  return `<h2>Reward model reliability</h2><p>${esc(r.caption)}</p>${chart}`;
}

/** One colour per method, the same in every figure of a report. */
type ColorOf = (method: string) => string | undefined;

function finalsTable(report: EvalReport, metric: string): string {
  const extraKeys = [...new Set(report.methods.flatMap((m) => Object.keys(m.extra)))];
  const head = [
    'method',
    'episodes',
    `final ${metric}`,
    'success rate (Wilson)',
    'steps to success (successful episodes)',
    'candidate diversity',
    'decisions/s',
    ...extraKeys,
  ];
  const rows = report.methods.map((m) => [
    esc(m.method),
    String(m.episodes),
    meanCell(m.final),
    rateCell(m.success),
    Number.isFinite(m.stepsToSuccess.mean)
      ? `${meanCell(m.stepsToSuccess, 1)} <span class="ci">n = ${m.stepsToSuccess.n}</span>`
      : DASH,
    meanCell(m.diversity),
    fixed(m.decisionsPerSecond, 1),
    ...extraKeys.map((k) => (m.extra[k] ? meanCell(m.extra[k]) : DASH)),
  ]);
  return table(head, rows);
}

function table(head: string[], rows: string[][]): string {
  return (
    `<table><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>\n` +
    `${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}</table>`
  );
}

function selectionSection(report: EvalReport): string {
  if (report.selectionEfficiency.length === 0) return '';
  const rows = report.selectionEfficiency.map((e) => [
    esc(e.method),
    meanCell({ mean: e.efficiency, lo: e.lo, hi: e.hi, n: e.n }, 2),
    String(e.n),
    e.regret ? meanCell(e.regret, 4) : DASH,
  ]);
  return (
    '<h2>Selection efficiency and regret</h2>' +
    '<p class="note">Selection efficiency (RAS − SL) / (oracle − SL) of the final metric, ' +
    'bootstrap 95 % interval over seeds; regret = oracle return − chosen return per decision. ' +
    "The oracle runs every candidate from the decision's snapshot: " +
    'privileged, a real robot cannot.</p>' +
    table(['method', 'selection efficiency', 'seeds', 'regret per decision'], rows)
  );
}

function pairedSection(report: EvalReport, metric: string, range: readonly [number, number], colorOf: ColorOf): string {
  const pairs = pairedDifferences(report.results);
  if (pairs.length === 0) return '';
  const width = range[1] - range[0];
  const rows = pairs.map((p) => [
    esc(`${p.method} − sl`),
    meanCell(p.mean),
    `${p.wins} / ${p.ties} / ${p.diffs.length - p.wins - p.ties}`,
    String(p.diffs.length),
  ]);
  return (
    '<h2>Per-seed paired difference, RAS − SL</h2>' +
    figure(pairedChart(pairs, metric, [-width, width], colorOf), `per-seed ${metric} difference RAS − SL`) +
    table(['pair', `mean difference of final ${metric}`, 'wins / ties / losses', 'seeds'], rows)
  );
}

function sweepSection(
  sweep: CandidatesSweepRow[] | undefined,
  metric: string,
  range: readonly [number, number],
  colorOf: ColorOf,
): string {
  if (!sweep || sweep.length === 0) return '';
  const rows = [...sweep].sort((a, b) => a.candidates - b.candidates);
  const methods = [...new Set(rows.flatMap((r) => r.methods.map((m) => m.method)))];
  const ras = [...new Set(rows.flatMap((r) => r.selectionEfficiency.map((e) => e.method)))];
  const missing: MeanCI = { mean: NaN, lo: NaN, hi: NaN, n: 0 };
  const series = methods.map((name) => ({
    name,
    color: colorOf(name),
    points: rows.map((r) => r.methods.find((m) => m.method === name)?.final ?? missing),
  }));
  const chart = bandChart(
    rows.map((r) => String(r.candidates)),
    series,
    `final ${metric}`,
    'candidates per decision N',
    range,
  );
  return (
    '<h2>Best-of-N: final metric against candidates per decision</h2>' +
    figure(chart, `final ${metric} against N`) +
    table(
      ['N', ...methods, ...ras.map((m) => `${m} selection efficiency`)],
      rows.map((r) => [
        String(r.candidates),
        ...methods.map((m) => {
          const f = r.methods.find((x) => x.method === m)?.final;
          return f ? meanCell(f) : DASH;
        }),
        ...ras.map((m) => {
          const e = r.selectionEfficiency.find((x) => x.method === m);
          return e ? meanCell({ mean: e.efficiency, lo: e.lo, hi: e.hi, n: e.n }, 2) : DASH;
        }),
      ]),
    )
  );
}

/** One self-contained HTML file: curves, a table of finals, selection figures, and the reward's reliability. */
export function renderReportHtml(
  report: EvalReport & { candidatesSweep?: CandidatesSweepRow[] },
  metric: string,
  reliability?: ReliabilitySection | null,
): string {
  const range = metricRange(metric);
  const names = report.methods.map((m) => m.method);
  const colorOf: ColorOf = (m) => (names.includes(m) ? COLORS[names.indexOf(m) % COLORS.length] : undefined);
  const steps = Math.max(1, ...report.methods.map((m) => m.curve.length));
  const curve = bandChart(
    Array.from({ length: steps }, (_, i) => String(i)),
    report.methods.map((m) => ({ name: m.method, points: m.curve })),
    metric,
    'step',
    range,
  );
  const seeds = report.seeds;
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>prefsim evaluation — ${esc(report.task)}</title>
<style>${STYLE}</style></head>
<body><h1>prefsim evaluation — ${esc(report.task)}</h1>
<p>${seeds.length} seed${seeds.length === 1 ? '' : 's'} (${seeds[0]}–${seeds[seeds.length - 1]}), ` +
    `${report.results.length} episodes in ${report.wallSeconds.toFixed(1)} s ` +
    `(${report.episodesPerMinute.toFixed(1)} episodes/min), N = ${report.candidates} candidates per decision. ` +
    `Bands and brackets are 95 % intervals: percentile bootstrap of the mean over seeds (inside the metric's range), ` +
    `Wilson for rates; "—" where a figure does not exist.</p>
<h2>Task metric per step</h2>${figure(curve, `per-step ${metric}`)}
<h2>Final results</h2>
${finalsTable(report, metric)}
${(report.notes ?? []).map((n) => `<p class="note">${esc(n)}</p>`).join('')}
${selectionSection(report)}
${pairedSection(report, metric, range, colorOf)}
${sweepSection(report.candidatesSweep, metric, range, colorOf)}
${reliabilitySection(reliability)}
</body></html>
`
  );
}
