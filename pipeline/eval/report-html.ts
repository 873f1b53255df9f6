import type { EvalReport } from './run-eval.ts';
import type { MeanCI } from './stats.ts';

/** Reliability diagram data: per confidence bin, mean predicted P and observed frequency. */
export interface ReliabilityBin { confidence: number; accuracy: number; count: number }

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf', '#7f7f7f'];
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '—');

/** Per-step curves of every method, mean line and 95 % CI band, in DeformPAM's figure style. */
function curveChart(report: EvalReport, metric: string): string {
  const W = 640, H = 360, L = 56, R = 150, T = 20, B = 44;
  const all = report.methods.flatMap((m) => m.curve.flatMap((c) => [c.lo, c.hi])).filter(Number.isFinite);
  const lo = Math.min(0, ...all), hi = Math.max(1e-9, ...all);
  const steps = Math.max(1, ...report.methods.map((m) => m.curve.length - 1));
  const x = (i: number) => L + ((W - L - R) * i) / steps;
  const y = (v: number) => T + (H - T - B) * (1 - (v - lo) / (hi - lo || 1));
  const parts: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${L - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11">${v.toFixed(2)}</text>`);
  }
  for (let i = 0; i <= steps; i += Math.max(1, Math.ceil(steps / 10))) {
    parts.push(`<text x="${x(i)}" y="${H - B + 16}" text-anchor="middle" font-size="11">${i}</text>`);
  }
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle" font-size="12">step</text>`);
  parts.push(`<text x="14" y="${(T + H - B) / 2}" transform="rotate(-90 14 ${(T + H - B) / 2})" text-anchor="middle" font-size="12">${esc(metric)}</text>`);
  report.methods.forEach((m, k) => {
    const c = COLORS[k % COLORS.length];
    const band = (cs: MeanCI[]) =>
      cs.map((p, i) => `${x(i)},${y(p.hi)}`).join(' ') + ' ' + cs.map((p, i) => `${x(i)},${y(p.lo)}`).reverse().join(' ');
    parts.push(`<polygon points="${band(m.curve)}" fill="${c}" opacity="0.15"/>`);
    parts.push(`<polyline points="${m.curve.map((p, i) => `${x(i)},${y(p.mean)}`).join(' ')}" fill="none" stroke="${c}" stroke-width="2"/>`);
    parts.push(`<rect x="${W - R + 12}" y="${T + 18 * k}" width="14" height="4" fill="${c}"/><text x="${W - R + 32}" y="${T + 18 * k + 6}" font-size="12">${esc(m.method)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="per-step ${esc(metric)}">${parts.join('')}</svg>`;
}

function reliabilityChart(bins: ReliabilityBin[]): string {
  const S = 300, P = 40;
  const s = (v: number) => P + (S - 2 * P) * v;
  const bars = bins
    .filter((b) => b.count > 0)
    .map((b) => `<rect x="${s(b.confidence) - 8}" y="${S - s(b.accuracy)}" width="16" height="${s(b.accuracy) - P}" fill="#1f77b4" opacity="0.7"/>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${S}" height="${S}" role="img" aria-label="reliability diagram">
<line x1="${P}" y1="${S - P}" x2="${S - P}" y2="${P}" stroke="#999" stroke-dasharray="4"/>${bars}
<line x1="${P}" y1="${S - P}" x2="${S - P}" y2="${S - P}" stroke="#333"/><line x1="${P}" y1="${P}" x2="${P}" y2="${S - P}" stroke="#333"/>
${[0, 0.5, 1].map((v) => `<text x="${s(v)}" y="${S - P + 14}" text-anchor="middle" font-size="10">${v}</text><text x="${P - 6}" y="${S - s(v) + 4}" text-anchor="end" font-size="10">${v}</text>`).join('')}
<text x="${S / 2}" y="${S - 8}" text-anchor="middle" font-size="12">predicted P(A ≻ B)</text>
<text x="12" y="${S / 2}" transform="rotate(-90 12 ${S / 2})" text-anchor="middle" font-size="12">observed frequency</text></svg>`;
}

/** The report's reward-model section: bins of the diagram (null: none, and the caption says why). */
export interface ReliabilitySection {
  bins: ReliabilityBin[] | null;
  caption: string;
}

/** One self-contained HTML file: curves, a table of finals, and the reward's reliability section if given. */
export function renderReportHtml(report: EvalReport, metric: string, reliability?: ReliabilitySection | null): string {
  const ci = (c: MeanCI) => `${f3(c.mean)} <span class="ci">[${f3(c.lo)}, ${f3(c.hi)}]</span>`;
  const extraKeys = [...new Set(report.methods.flatMap((m) => Object.keys(m.extra)))];
  const rows = report.methods
    .map((m) => `<tr><td>${esc(m.method)}</td><td>${m.episodes}</td><td>${ci(m.final)}</td><td>${f3(m.successRate)}</td><td>${ci(m.stepsToSuccess)}</td><td>${ci(m.diversity)}</td><td>${f3(m.decisionsPerSecond)}</td>${extraKeys.map((k) => `<td>${m.extra[k] ? ci(m.extra[k]) : '—'}</td>`).join('')}</tr>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>prefsim evaluation — ${esc(report.task)}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:12px 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}td:first-child,th:first-child{text-align:left}.ci{color:#777;font-size:12px}h1{font-size:20px}h2{font-size:16px;margin-top:28px}</style></head>
<body><h1>prefsim evaluation — ${esc(report.task)}</h1>
<p>${report.seeds.length} seeds (${report.seeds[0]}–${report.seeds[report.seeds.length - 1]}), ${report.results.length} episodes in ${report.wallSeconds.toFixed(1)} s (${report.episodesPerMinute.toFixed(1)} episodes/min). Bands and brackets are 95 % confidence intervals.</p>
<h2>Task metric per step</h2>${curveChart(report, metric)}
<h2>Final results</h2>
<table><tr><th>method</th><th>episodes</th><th>final ${esc(metric)}</th><th>success rate</th><th>steps to success</th><th>candidate diversity</th><th>decisions/s</th>${extraKeys.map((k) => `<th>${esc(k)}</th>`).join('')}</tr>
${rows}</table>
${(report.notes ?? []).map((n) => `<p>${esc(n)}</p>`).join('')}
${reliability ? `<h2>Reward model reliability</h2><p>${esc(reliability.caption)}</p>${reliability.bins ? reliabilityChart(reliability.bins) : ''}` : ''}
</body></html>
`;
}
