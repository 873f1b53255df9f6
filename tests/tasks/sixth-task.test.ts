/**
 * A sixth task, defined only in tests/ (sixth-task.ts), runs through `collect`, `serve` (over a
 * real ws client, rollouts in the server's worker thread) and `eval` (in-thread and in a worker
 * pool): the registry is the only place that learns of it, and no other file changes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeLocalPool, runEvaluation, type EvalReport } from '../../pipeline/eval/index.ts';
import { collectRun, openCollectPolicy } from '../../reward/collect/index.ts';
import { selectorByName } from '../../reward/selection/index.ts';
import { openStore } from '../../reward/store/index.ts';
import { teacherByName } from '../../reward/teachers/index.ts';
import { getTask, initPhysics, registerTask, TASK_IDS } from '../../sim/index.ts';
import { startViewerServer } from '../../viewer/server/index.ts';
import { TestClient } from '../viewer/fixtures/ws-client.ts';
import { task } from './sixth-task.ts';

const TASK_FILE = fileURLToPath(new URL('./sixth-task.ts', import.meta.url));
let dir: string;

beforeAll(async () => {
  // This thread learns of the task by registration; worker threads from the environment they inherit.
  registerTask(task);
  process.env.PREFSIM_TASK_MODULES = TASK_FILE;
  dir = mkdtempSync(join(tmpdir(), 'prefsim-sixth-task-'));
  await initPhysics();
});

afterAll(() => {
  delete process.env.PREFSIM_TASK_MODULES;
  rmSync(dir, { recursive: true, force: true });
});

describe('a sixth, test-only task', () => {
  test('is in the registry next to the built-in ones', () => {
    expect(TASK_IDS).toContain(task.id);
    expect(TASK_IDS).toHaveLength(6);
    expect(getTask(task.id)).toBe(task);
    expect(() => registerTask({ ...task })).toThrow(`task: id "${task.id}" is already registered`);
  });

  test('collect stores teacher-labelled queries of it', async () => {
    const store = openStore(join(dir, 'collect.db'));
    try {
      const policy = await openCollectPolicy(task.id, 'default');
      expect(policy.source).toBe('stand-in'); // no trained policy for it in models/
      const results = await collectRun(
        { store, teacher: teacherByName('oracle'), selector: selectorByName('uniform') },
        policy.policyFor,
        { task: task.id, queries: 2, candidates: 2, seed: 0 },
      );
      await policy.free();
      expect(results).toHaveLength(2);
      expect(store.labelsFor(task.id)).toHaveLength(2);
      expect(store.getState(store.getQuery(results[0].queryId).stateId).task).toBe(task.id);
    } finally {
      store.close();
    }
  }, 120_000);

  test('serve prepares its queries in the rollout worker and stores a label over ws', async () => {
    mkdirSync(join(dir, 'static'), { recursive: true });
    writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html><title>prefsim</title>');
    const server = await startViewerServer({
      port: 0,
      task: task.id,
      dbPath: join(dir, 'serve.db'),
      staticDir: join(dir, 'static'),
      ahead: 1,
      streamFps: 240,
      trainerModule: new URL('../viewer/fixtures/fake-trainer.ts', import.meta.url),
    });
    const c = await TestClient.open(server.openUrl);
    try {
      const q = await c.hello('ada', 'pair');
      expect(q.scene).toMatchObject({
        task: task.id,
        title: task.title,
        better: task.better,
        kind: 'rigid',
        objectBodies: 1,
        bodies: 5,
        goal: { shape: 'circle', cx: -0.1, cy: 0.08, r: 0.05 },
        keepOut: null,
        slots: { wiper: 1, pusher: 2, gripperL: 3, gripperR: 4 },
      });
      const at = c.messages.length;
      c.send({ type: 'label', queryId: q.queryId, label: { kind: 'pair', winner: 'A' }, responseMs: 500 });
      const done = await c.next('labelled', at);
      expect(server.store.labelsFor(task.id, { annotators: ['ada'] }).map((l) => l.id)).toEqual([done.labelId]);
    } finally {
      c.ws.terminate();
      await server.close();
    }
  }, 120_000);

  test('eval runs it, the same in this thread and in a worker pool', async () => {
    const plan = { task: task.id, methods: ['expert', 'random'], seeds: 2, steps: 2 };
    const runs: EvalReport[] = [];
    for (const workers of [0, 1]) {
      const pool = makeLocalPool(workers);
      try {
        runs.push(await runEvaluation(plan, pool));
      } finally {
        await pool.close();
      }
    }
    const strip = (r: EvalReport) => r.results.map(({ decisionMs: _d, ...rest }) => rest);
    expect(strip(runs[1])).toEqual(strip(runs[0]));
    expect(runs[0].results).toHaveLength(4);
    const wellFormed = (r: EvalReport['results'][number]) =>
      r.task === task.id && r.curve.length === 3 && r.curve.every(Number.isFinite);
    expect(runs[0].results.every(wellFormed)).toBe(true);
    const expert = runs[0].methods.find((m) => m.method === 'expert')!;
    const random = runs[0].methods.find((m) => m.method === 'random')!;
    // The expert pushes toward the goal: it ends at least as close as random touches do.
    expect(expert.episodes).toBe(2);
    expect(expert.final.mean).toBeGreaterThanOrEqual(random.final.mean);
  }, 120_000);
});
