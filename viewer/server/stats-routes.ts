/**
 * `/stats` (an HTML table) and `/stats.json` (the same report as JSON): per-annotator quality of
 * the served task from `reward/store/annotator-stats.ts`. Behind the same token check as the page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  annotatorStats,
  type AnnotatorReport,
  type AnnotatorStats,
  type PreferenceStore,
} from '../../reward/store/index.ts';
import { MIN_SHOWN_PAIRS } from '../protocol/index.ts';

export interface StatsRouteContext {
  store: PreferenceStore;
  task: string;
  metric: string;
  margin: number;
}

/** Answers `/stats` and `/stats.json`; false for any other path. */
export function handleStatsRoute(req: IncomingMessage, res: ServerResponse, ctx: StatsRouteContext): boolean {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path !== '/stats' && path !== '/stats.json') return false;
  if (req.method !== 'GET') {
    res.writeHead(405, { allow: 'GET' }).end('method not allowed\n');
    return true;
  }
  const report = annotatorStats(ctx.store, { task: ctx.task, metric: ctx.metric, margin: ctx.margin });
  if (path === '/stats.json') {
    res
      .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(`${JSON.stringify(report)}\n`);
  } else {
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
      .end(statsPage(report));
  }
  return true;
}

/** An agreement as "78 % [62, 89] (n = 41)", or "— (n = 5)" under the shown minimum. */
export function formatAgreement(p: AnnotatorStats['gold']): string {
  if (p.n < MIN_SHOWN_PAIRS) return `— (n = ${p.n})`;
  const pc = (x: number) => (100 * x).toFixed(0);
  return `${pc(p.value)} % [${pc(p.ci95[0])}, ${pc(p.ci95[1])}] (n = ${p.n})`;
}

function row(a: AnnotatorStats): string {
  const median =
    a.medianResponseMs === null
      ? '—'
      : `${(a.medianResponseMs / 1000).toFixed(1)} s${
          Number.isNaN(a.medianResponseCi95[0])
            ? ''
            : ` [${(a.medianResponseCi95[0] / 1000).toFixed(1)}, ${(a.medianResponseCi95[1] / 1000).toFixed(1)}]`
        }`;
  const cells = [
    a.annotator,
    String(a.labels),
    String(a.retracted),
    formatAgreement(a.gold),
    formatAgreement(a.others),
    formatAgreement(a.self),
    `${a.labelsPerHour === null ? '—' : a.labelsPerHour.toFixed(0)} (n = ${a.timedLabels})`,
    `${median} (n = ${a.timedLabels})`,
  ];
  const tds = cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('');
  return `<tr data-annotator="${escapeHtml(a.annotator)}">${tds}</tr>`;
}

export function statsPage(r: AnnotatorReport): string {
  const head = [
    'annotator',
    'labels',
    'undone / revised',
    'agrees with gold',
    'with others',
    'with self',
    'labels / hour',
    'median response',
  ]
    .map((h) => `<th>${h}</th>`)
    .join('');
  const rows = r.annotators.map(row).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>prefsim — annotators</title>
<link rel="icon" href="favicon.svg" type="image/svg+xml">
<style>
body { font: 14px system-ui, sans-serif; margin: 24px; color: #212529; }
table { border-collapse: collapse; }
th, td { padding: 4px 12px; border-bottom: 1px solid #dee2e6; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; } p { color: #495057; max-width: 60em; }
</style></head><body>
<h1>Annotators — ${escapeHtml(r.task)}</h1>
<table id="annotators"><thead><tr>${head}</tr></thead><tbody>
${rows || '<tr><td colspan="8">no labels yet</td></tr>'}
</tbody></table>
<p>Agreements are over candidate pairs with a Wilson 95 % interval and their n; "—" under ${MIN_SHOWN_PAIRS} pairs.
Gold: pairs whose ${escapeHtml(r.metric)} differs by at least ${r.margin}; the higher is the known answer
("equal" counts as a miss).
Others: the same pairs labelled by another annotator. Self: a repeated query against your first answer.
Labels per hour: labels over the time spent on them (sum of response times).
Undone labels are kept as history and not counted.
JSON: <a href="stats.json">stats.json</a>, or <code>prefsim annotators --db DB --json</code>.</p>
</body></html>
`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
