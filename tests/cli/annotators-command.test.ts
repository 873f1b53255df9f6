/** `prefsim annotators`: the per-annotator report of a store, read-only, as JSON and as lines. */
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openStore } from '../../reward/store/index.ts';
import { act, tempDir } from '../reward/store/fixtures.ts';
import { lastJson, runCli } from './run-cli.ts';

let tmp: ReturnType<typeof tempDir>;
let db: string;
beforeEach(() => {
  tmp = tempDir();
  db = join(tmp.dir, 'p.db');
  const s = openStore(db);
  // Three push-T pairs; the first two have a known answer (coverage 0.9 vs 0.2, 0.1 vs 0.6).
  const qs = [
    [0.9, 0.2],
    [0.1, 0.6],
    [0.5, 0.48],
  ].map(([a, b], seed) => {
    const q = s.addQuery({
      stateId: s.addState({ task: 'push-T', seed, snapshot: new Uint8Array([1]) }),
      candidates: [act(0.1), act(0.2)],
      selector: 'uniform',
    });
    s.addOutcome({ queryId: q, candidate: 0, metrics: { coverage: a } });
    s.addOutcome({ queryId: q, candidate: 1, metrics: { coverage: b } });
    return q;
  });
  s.addLabel({ queryId: qs[0], annotator: 'ada', label: { kind: 'pair', winner: 'A' }, responseMs: 1000 });
  s.addLabel({ queryId: qs[1], annotator: 'ada', label: { kind: 'pair', winner: 'A' }, responseMs: 3000 });
  s.addLabel({ queryId: qs[2], annotator: 'ada', label: { kind: 'pair', winner: 'B' }, responseMs: 2000 });
  s.retractLabel(s.addLabel({ queryId: qs[0], annotator: 'bob', label: { kind: 'pair', winner: 'B' } }));
  s.addLabel({ queryId: qs[0], annotator: 'bob', label: { kind: 'pair', winner: 'A' } });
  s.close();
});
afterEach(() => tmp.cleanup());

test("--json: one object with each annotator's figures and their n", () => {
  const r = runCli(['annotators', '--db', db, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const out = lastJson(r.stdout);
  expect(out.db).toBe(db);
  expect(out.tasks).toHaveLength(1);
  const [t] = out.tasks;
  expect(t).toMatchObject({ task: 'push-T', metric: 'coverage', margin: 0.1 });
  const [ada, bob] = t.annotators;
  expect(ada).toMatchObject({
    annotator: 'ada',
    labels: 3,
    retracted: 0,
    gold: { value: 0.5, n: 2 },
    others: { value: 1, n: 1 },
    timedLabels: 3,
    medianResponseMs: 2000,
  });
  expect(ada.labelsPerHour).toBeCloseTo(1800, 6); // 3 labels in 6 s
  expect(bob).toMatchObject({
    annotator: 'bob',
    labels: 1,
    retracted: 1,
    gold: { value: 1, n: 1 },
    labelsPerHour: null,
  });
  // A wider margin leaves no gold pair.
  const wide = lastJson(runCli(['annotators', '--db', db, '--gold-margin', '0.8', '--json']).stdout);
  expect(wide.tasks[0].annotators[0].gold.n).toBe(0);
});

test('human lines show "—" with n under 20 pairs; bad flags are usage errors naming the flag', () => {
  const r = runCli(['annotators', '--db', db, '--task', 'push-T']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^push-T: gold = coverage apart by ≥ 0\.1$/m);
  expect(r.stdout).toMatch(/^ {2}ada +3 +0 {2}— \(n = 2\)/m);
  const bad = runCli(['annotators', '--db', db, '--gold-margin', 'x']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--gold-margin: expected a number ≥ 0, got "x"');
  const none = runCli(['annotators', '--db', join(tmp.dir, 'none.db')]);
  expect(none.code).toBe(2);
  expect(none.stderr).toContain('--db: no store at');
});
