import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import { openStore } from '../../reward/index.ts';
import { loopRunKey, LoopConfigSchema, runLoop } from '../../pipeline/loop/index.ts';
import { lastJson, runCli } from '../cli/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-loop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small = { task: 'push-T', rounds: 2, queriesPerRound: 6, evalSeeds: 2, evalSteps: 3, epochs: 5 };

test('a small loop runs every round and reports labels, accuracy, ECE and the RAS metric', async () => {
  const store = openStore(join(dir, 'a.db'));
  try {
    const r = await runLoop(store, small);
    expect(r.resumed).toBe(false);
    expect(r.rounds.map((s) => s.labels)).toEqual([6, 12]);
    for (const s of r.rounds) {
      expect(Number.isFinite(s.rasFinal)).toBe(true);
      if (s.labelAccuracy !== null) expect(s.labelAccuracy).toBeGreaterThanOrEqual(0);
      expect(store.getModel(s.modelId)).toBeDefined();
    }
    expect(Number.isFinite(r.slFinal)).toBe(true);
    // Run again with the same config: it is done, nothing is collected twice.
    const again = await runLoop(store, small);
    expect(again.resumed).toBe(true);
    expect(store.labelsFor('push-T')).toHaveLength(12);
    expect(store.getRun(loopRunKey(LoopConfigSchema.parse(small)))).toBeDefined();
  } finally {
    store.close();
  }
}, 120_000);

test('a loop killed with SIGKILL mid-round resumes, finishes, and loses no label', async () => {
  const db = join(dir, 'kill.db');
  const args = [
    'loop',
    '--task',
    'push-T',
    '--rounds',
    '2',
    '--queries-per-round',
    '10',
    '--eval-seeds',
    '2',
    '--eval-steps',
    '3',
    '--epochs',
    '5',
    '--db',
    db,
    '--json',
  ];
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { stdio: 'ignore' });
  const labelIds = (): number[] => {
    try {
      const d = new Database(db, { readonly: true, fileMustExist: true });
      try {
        return (d.prepare('SELECT id FROM labels ORDER BY id').all() as { id: number }[]).map((r) => r.id);
      } finally {
        d.close();
      }
    } catch {
      return [];
    }
  };
  // Kill in round 1's collection, after some of its labels are committed.
  const deadline = Date.now() + 90_000;
  while (labelIds().length < 13 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const before = labelIds();
  expect(before.length).toBeGreaterThanOrEqual(13);
  expect(before.length).toBeLessThan(20);

  const r = runCli(args);
  expect(r.code).toBe(0);
  const out = lastJson(r.stdout);
  expect(out.resumed).toBe(true);
  expect(out.rounds).toHaveLength(2);
  const after = labelIds();
  expect(after).toHaveLength(20);
  for (const id of before) expect(after).toContain(id);

  // The same flags uninterrupted on a fresh store give bit-identical labels and results.
  const cleanDb = join(dir, 'unkilled.db');
  const u = runCli(args.map((a) => (a === db ? cleanDb : a)));
  expect(u.code).toBe(0);
  const clean = lastJson(u.stdout);
  expect(out.slFinal).toBe(clean.slFinal);
  const results = (o: typeof out) => o.rounds.map((s: Record<string, unknown>) => ({ ...s, modelId: undefined }));
  expect(results(out)).toEqual(results(clean));
  const payloads = (file: string) => {
    const d = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return d.prepare('SELECT payload FROM labels ORDER BY id').all();
    } finally {
      d.close();
    }
  };
  expect(payloads(db)).toEqual(payloads(cleanDb));
}, 240_000);

test("a loop trains on its own run's labels unless --reuse-labels is given", async () => {
  const store = openStore(join(dir, 'reuse.db'));
  try {
    const one = { ...small, rounds: 1 };
    await runLoop(store, one);
    const other = await runLoop(store, { ...one, seed: 1 });
    expect(other.rounds[0].labels).toBe(6);
    const reuse = await runLoop(store, { ...one, seed: 2, reuseLabels: true });
    expect(reuse.rounds[0].labels).toBe(18);
    const trained = (id: string) =>
      Number((store.getModel(id)!.metrics as Record<string, number>).trainPairs) +
      Number((store.getModel(id)!.metrics as Record<string, number>).validationPairs);
    expect(trained(reuse.rounds[0].modelId)).toBeGreaterThan(trained(other.rounds[0].modelId));
  } finally {
    store.close();
  }
}, 120_000);

test("each round after the first starts from the previous round's model and records the epochs it used", async () => {
  const store = openStore(join(dir, 'warm.db'));
  try {
    const r = await runLoop(store, { ...small, epochs: 50 });
    const metrics = r.rounds.map((s) => store.getModel(s.modelId)!.metrics as Record<string, number>);
    expect(metrics.map((m) => m.warmStart)).toEqual([0, 1]);
    for (const s of r.rounds) expect(s.epochsUsed).toBeGreaterThanOrEqual(1);
  } finally {
    store.close();
  }
}, 120_000);

test('a loop with a ranking teacher labels K candidates per query, trains on the expanded pairs, and selects ' +
  'uniformly until a model exists', async () => {
  const store = openStore(join(dir, 'ranking.db'));
  try {
    const cfg = {
      ...small,
      rounds: 2,
      queriesPerRound: 2,
      candidates: 4,
      teacher: 'ranking:equalWithin=0',
      selector: 'disagreement',
    };
    const r = await runLoop(store, cfg);
    expect(r.rounds.map((s) => s.labels)).toEqual([2, 4]);
    // Round 0 has no reward model to disagree on, so it selects uniformly; round 1 by disagreement.
    expect(store.queriesFor('push-T').map((q) => q.selector)).toEqual([
      'uniform',
      'uniform',
      'disagreement',
      'disagreement',
    ]);
    const labels = store.labelsFor('push-T');
    expect(labels.every((l) => l.label.kind === 'ranking')).toBe(true);
    // Each query showed all K = 4 candidates to the teacher.
    for (const l of labels) expect(store.outcomesFor(l.queryId)).toHaveLength(4);
    // Elimination rankings expand into more pairs than labels (up to K(K−1)/2 = 6 each).
    const pairs = store.trainingPairs('push-T');
    expect(pairs.length).toBeGreaterThan(labels.length);
    expect(pairs.length).toBeLessThanOrEqual(6 * labels.length);
    expect(Number.isFinite(r.rounds[0].rasFinal)).toBe(true);
  } finally {
    store.close();
  }
}, 120_000);

test('a loop with the implicit reward fine-tunes the policy each round and evaluates RAS with it', async () => {
  const store = openStore(join(dir, 'implicit.db'));
  try {
    const cfg = { ...small, model: 'implicit' as const, epochs: 2 };
    const r = await runLoop(store, cfg);
    expect(r.rounds.map((s) => s.labels)).toEqual([6, 12]);
    for (const s of r.rounds) {
      const m = store.getModel(s.modelId);
      expect(m?.kind).toBe('implicit');
      expect(Number.isFinite(s.rasFinal)).toBe(true);
    }
    expect(r.rounds[0].modelId).not.toBe(r.rounds[1].modelId);
  } finally {
    store.close();
  }
}, 120_000);

test('an implicit loop refuses ensemble-based query selection, naming the field', () => {
  const r = LoopConfigSchema.safeParse({ ...small, model: 'implicit', selector: 'disagreement' });
  expect(r.success).toBe(false);
  expect(JSON.stringify(r.error?.issues)).toContain('selector');
});
