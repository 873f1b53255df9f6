import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { defaultPolicyPath } from '../../policy/index.ts';
import { implicitModel, parseImplicitConfig, readPolicy } from '../../reward/models/index.ts';
import { tinyExplicitFile } from '../reward/models/fixtures.ts';
import {
  makeLocalPool,
  meanCI,
  planJobs,
  renderReportHtml,
  reportReliability,
  runEvalJob,
  runEvaluation,
  type EvalReport,
} from '../../pipeline/eval/index.ts';

test('95 % CI of known samples (Student t)', () => {
  const c = meanCI([1, 2, 3, 4, 5]);
  expect(c.mean).toBe(3);
  // sd = 1.5811, t(4) = 2.776 → half-width 1.963
  expect(c.hi - c.mean).toBeCloseTo(1.963, 2);
  expect(meanCI([NaN, 2]).n).toBe(1);
});

test('jobs are self-contained units, method-major', () => {
  const jobs = planJobs({ task: 'push-T', methods: ['expert', 'random'], seeds: 3, models: { policy: 'abc' } });
  expect(jobs).toHaveLength(6);
  expect(jobs[0]).toEqual({
    task: 'push-T',
    seed: 0,
    method: 'expert',
    models: { policy: 'abc' },
    steps: undefined,
    candidates: 8,
  });
  expect(jobs[5].method).toBe('random');
});

test('an unknown method is refused, listing the known ones', async () => {
  await expect(runEvalJob({ task: 'push-T', seed: 0, method: 'psychic' })).rejects.toThrow(/accepted: expert, random/);
});

test('results are identical whatever the worker count', async () => {
  const plan = { task: 'push-T', methods: ['expert', 'random'], seeds: 3, steps: 4 };
  const reports: EvalReport[] = [];
  for (const workers of [0, 2]) {
    const pool = makeLocalPool(workers);
    try {
      reports.push(await runEvaluation(plan, pool));
    } finally {
      await pool.close();
    }
  }
  const strip = (r: EvalReport) => r.results.map(({ decisionMs: _d, ...rest }) => rest);
  expect(strip(reports[1])).toEqual(strip(reports[0]));
  const expert = reports[0].methods.find((m) => m.method === 'expert')!;
  expect(expert.curve).toHaveLength(5);
  expect(expert.episodes).toBe(3);
  expect(reports[0].results.every((r) => r.curve.every(Number.isFinite))).toBe(true);
}, 120_000);

test('the learned sl method (default push-T policy) is identical whatever the worker count', async () => {
  const runs: string[] = [];
  for (const workers of [0, 2]) {
    const pool = makeLocalPool(workers);
    try {
      const r = await runEvaluation({ task: 'push-T', methods: ['sl'], seeds: 2, steps: 3 }, pool);
      runs.push(JSON.stringify(r.results.map((x) => [x.curve, x.diversity, x.extra])));
      expect(r.results.every((x) => Number.isFinite(x.diversity))).toBe(true);
    } finally {
      await pool.close();
    }
  }
  expect(runs[1]).toBe(runs[0]);
}, 120_000);

test('the HTML report is one self-contained file with the curves and the table', async () => {
  const report = await runEvaluation(
    { task: 'push-T', methods: ['expert', 'random'], seeds: 2, steps: 2 },
    makeLocalPool(0),
  );
  const html = renderReportHtml(report, 'coverage', {
    bins: [{ confidence: 0.55, accuracy: 0.6, count: 10 }],
    caption: 'explicit reward m1 on 10 held-out pairs',
  });
  expect(html).toMatch(/^<!doctype html>/);
  expect(html).not.toMatch(/<script|<link|src=/);
  expect((html.match(/<svg /g) ?? []).length).toBe(2); // per-step curves, reliability diagram
  expect(html).toContain('aria-label="reliability diagram"');
  expect(html).toContain('explicit reward m1 on 10 held-out pairs');
  expect(html).toContain('<td>expert</td>');
});

test('the report has no reward section without a learned reward, and says why when the store is missing', async () => {
  expect(await reportReliability('push-T', ['expert', 'sl'], {})).toBeNull();
  const r = await reportReliability('push-T', ['sl', 'explicit'], { db: '/nonexistent/p.db' });
  expect(r).toEqual({
    bins: null,
    caption: 'No reliability diagram: no preference store at /nonexistent/p.db to take held-out labels from.',
  });
});

describe('the implicit RAS method', () => {
  const dir = mkdtempSync(join(tmpdir(), 'prefsim-eval-implicit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('runs with an implicit reward file (θ = ref) and refuses an explicit one', async () => {
    const { arch, nets } = readPolicy(defaultPolicyPath('push-T'));
    const zero = await implicitModel(arch, nets, nets, parseImplicitConfig({ draws: 4 }), 'zero');
    const file = join(dir, 'implicit.onnx');
    zero.save(file);
    await zero.free();
    const r = await runEvaluation(
      { task: 'push-T', methods: ['implicit'], seeds: 1, steps: 2, models: { reward: file } },
      makeLocalPool(0),
    );
    expect(r.results).toHaveLength(1);
    expect(r.results[0].curve.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(r.results[0].diversity)).toBe(true);

    const explicitFile = await tinyExplicitFile(dir);
    await expect(
      runEvalJob({ task: 'push-T', seed: 0, method: 'implicit', steps: 1, models: { reward: explicitFile } }),
    ).rejects.toThrow(
      `method implicit: reward ${explicitFile}: field architecture.kind: expected "implicit", found "explicit"`,
    );
  }, 120_000);
});
