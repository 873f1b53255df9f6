/** The HTML report: figures drawn by ECharts as static SVG, no network, "—" where nothing exists. */
import { describe, expect, test } from 'vitest';
import {
  type EvalReport,
  renderReportHtml,
  selectionEfficiencies,
  summariseMethod,
} from '../../../pipeline/eval/index.ts';
import { result } from './fixtures.ts';

function reportOf(methods: string[], finalOf: (method: string, seed: number) => number, seeds = 6): EvalReport {
  const results = methods.flatMap((m) =>
    Array.from({ length: seeds }, (_, s) =>
      result(m, s, finalOf(m, s), m === 'explicit' ? { extra: { regret: 0.01 * s } } : {}),
    ),
  );
  return {
    task: 'push-T',
    seeds: Array.from({ length: seeds }, (_, s) => s),
    methods: methods.map((m) => summariseMethod(m, results)),
    results,
    wallSeconds: 1,
    episodesPerMinute: 60,
    candidates: 8,
    selectionEfficiency: selectionEfficiencies(results),
    notes: [],
  };
}

/** Text of every <text> element of an SVG string. */
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
const svgs = (html: string) => [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);

describe('HTML report', () => {
  const report = reportOf(
    ['sl', 'explicit', 'oracle'],
    (m, s) => ({ sl: 0.3, explicit: 0.4, oracle: 0.6 })[m]! + 0.02 * (s % 3),
  );
  const sweep = [1, 2, 4].map((n) => ({
    candidates: n,
    selectionEfficiency:
      n === 1 ? [] : [{ method: 'explicit', efficiency: 0.25 * n, lo: 0.1, hi: 0.9, n: 6, regret: null }],
    methods: ['sl', 'explicit'].map((m) => ({
      method: m,
      final: { mean: 0.3 + (m === 'sl' ? 0 : 0.05 * n), lo: 0.25, hi: 0.6, n: 6 },
    })),
  }));
  const html = renderReportHtml({ ...report, candidatesSweep: sweep }, 'coverage', {
    bins: [{ confidence: 0.55, accuracy: 0.6, count: 10 }],
    caption: 'explicit reward m1',
  });

  test('every figure is SVG rendered by ECharts (zrender), and the page loads nothing from anywhere', () => {
    const figures = svgs(html);
    // per-step curve, paired difference, best-of-N, reliability
    expect(figures).toHaveLength(4);
    for (const s of figures) expect(s).toMatch(/class="zr\d+-cls-\d+"/);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|@import/i);
    // Namespace declarations are names, not addresses; anything else with a scheme would be fetched.
    const withoutNs = html.replace(/xmlns(:\w+)?="[^"]*"/g, '');
    expect(withoutNs).not.toMatch(/https?:|\/\/[a-z]/i);
    expect(withoutNs).not.toMatch(/url\((?!#)/);
  });

  test('axis labels are round numbers inside the metric range', () => {
    const [curve] = svgs(html);
    const ticks = texts(curve)
      .filter((t) => /^-?[\d.]+$/.test(t))
      .map(Number);
    const yTicks = ticks.filter((t) => !Number.isInteger(t) || t <= 1);
    expect(yTicks.length).toBeGreaterThanOrEqual(3);
    for (const t of yTicks) {
      expect(t).toBeGreaterThanOrEqual(0);
      expect(t).toBeLessThanOrEqual(1);
      expect(Math.abs(t * 10 - Math.round(t * 10))).toBeLessThan(1e-9); // 0.1 steps or coarser
    }
  });

  test('selection efficiency and regret per RAS method, the paired difference and the best-of-N curve', () => {
    expect(html).toContain('Selection efficiency and regret');
    expect(html).toMatch(/<td>explicit<\/td><td>0\.33 <span class="ci">\[/);
    expect(html).toContain('privileged');
    expect(html).toContain('Per-seed paired difference, RAS − SL');
    expect(html).toMatch(/<td>explicit − sl<\/td><td>0\.100/);
    expect(html).toContain('<td>6 / 0 / 0</td>');
    expect(html).toContain('Best-of-N');
    expect(texts(svgs(html)[2])).toEqual(expect.arrayContaining(['1', '2', '4', 'sl', 'explicit']));
    // Efficiency per N where the sweep measured it, "—" where it did not.
    expect(html).toContain('<th>explicit selection efficiency</th>');
    expect(html).toMatch(/<tr><td>1<\/td>.*<td>—<\/td><\/tr>/);
    expect(html).toMatch(/<tr><td>4<\/td>.*<td>1\.00 <span class="ci">\[0\.10, 0\.90\]<\/span><\/td><\/tr>/);
  });

  test('"—" for steps to success of methods that never succeeded, and no fake interval', () => {
    const row = html.match(/<tr><td>sl<\/td>.*<\/tr>/)![0];
    const cells = [...row.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1]);
    expect(cells[4]).toBe('—');
    expect(html).not.toMatch(/\[15(\.0)?, 15(\.0)?\]/);
    expect(cells[3]).toMatch(/^0\.00 <span class="ci">\[0\.00, 0\.\d\d\] 0\/6<\/span>$/);
  });

  test('a 50-step curve is labelled at round steps 0, 5, …, 50', () => {
    const rs = [0, 1, 2].map((s) =>
      result('sl', s, 0.5, { curve: Array.from({ length: 51 }, (_, i) => 0.2 + i * 0.006) }),
    );
    const long = renderReportHtml(
      { ...reportOf(['sl'], () => 0.5, 3), methods: [summariseMethod('sl', rs)], results: rs },
      'coverage',
    );
    const integers = texts(svgs(long)[0])
      .filter((t) => /^\d+$/.test(t))
      .map(Number);
    expect(integers.filter((t) => t > 1)).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
  });

  test('without sl, oracle or a sweep those sections are left out, not drawn empty', () => {
    const plain = renderReportHtml(
      reportOf(['expert', 'random'], () => 0.5),
      'coverage',
    );
    expect(svgs(plain)).toHaveLength(1);
    expect(plain).not.toContain('Selection efficiency');
    expect(plain).not.toContain('paired difference');
    expect(plain).not.toContain('Best-of-N');
  });
});
