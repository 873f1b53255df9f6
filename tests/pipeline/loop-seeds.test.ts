/**
 * The loop's collection scene seeds never meet its evaluation seeds (900000 + the eval seed count):
 * the old layout, 200000 + 100000 · run seed + …, reached them from run seed 7 on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import { LOOP_SEED_LIMITS, SCENE_SEED_SPACES } from '../../core/seeds.ts';
import { EVAL_SEED_BASE, LoopConfigSchema, runLoop } from '../../pipeline/loop/index.ts';
import { LoopStateSchema } from '../../pipeline/loop/loop-state.ts';
import { sceneSeed, scenesPerRound } from '../../pipeline/loop/scene-seeds.ts';
import { openStore } from '../../reward/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-loop-seeds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a run with seed 7 collects on scenes apart from its evaluation seeds', async () => {
  const db = join(dir, 'seven.db');
  const cfg = { task: 'push-T', seed: 7, rounds: 2, queriesPerRound: 5, evalSeeds: 2, evalSteps: 2, epochs: 1 };
  const store = openStore(db);
  try {
    await runLoop(store, cfg, { threads: 1 });
  } finally {
    store.close();
  }
  const d = new Database(db, { readonly: true });
  const seeds = (d.prepare('SELECT DISTINCT seed FROM states ORDER BY seed').all() as { seed: number }[]).map(
    (r) => r.seed,
  );
  d.close();
  // Two rounds of two episodes (4 + 1 queries each), numbered on across rounds.
  expect(seeds).toEqual([1_700_000, 1_700_001, 1_700_002, 1_700_003]);
  for (const s of seeds) expect(s < EVAL_SEED_BASE || s >= EVAL_SEED_BASE + cfg.evalSeeds).toBe(true);
}, 120_000);

test('every allowed config keeps collection apart from evaluation; larger ones are refused naming the field', () => {
  const { runSeed, episodesPerRun, evalSeeds } = LOOP_SEED_LIMITS;
  const q = 4 * episodesPerRun; // one round of the most episodes a run may have
  const lowest = sceneSeed('episodes', 0, q, 0, 0);
  const highest = sceneSeed('episodes', runSeed, q, 0, scenesPerRound(q) - 1);
  expect(lowest).toBeGreaterThanOrEqual(EVAL_SEED_BASE + evalSeeds);
  expect(highest).toBeLessThan(2 ** 31);
  expect(sceneSeed('episodes', 3, 100, 1, 0)).toBe(sceneSeed('episodes', 3, 100, 0, 24) + 1);
  const base = { task: 'push-T' };
  expect(LoopConfigSchema.safeParse({ ...base, seed: runSeed }).success).toBe(true);
  const issue = (input: object) => {
    const r = LoopConfigSchema.safeParse({ ...base, ...input });
    return r.success ? null : r.error.issues[0].path.join('.');
  };
  expect(issue({ seed: runSeed + 1 })).toBe('seed');
  expect(issue({ evalSeeds: evalSeeds + 1 })).toBe('evalSeeds');
  expect(issue({ rounds: 2, queriesPerRound: q })).toBe('rounds');
  expect(issue({ rounds: 1, queriesPerRound: q })).toBeNull();
  // With policy train the run seed is the demo seed too, and demo seeds stop at 799.
  expect(issue({ policy: 'train', seed: 800 })).toBe('seed');
  expect(issue({ policy: 'train', seed: 799 })).toBeNull();
  expect(issue({ seed: 800 })).toBeNull();
});

test('a loop state saved before the layout existed resumes on the old seeds', () => {
  const saved = {
    config: LoopConfigSchema.parse({ task: 'push-T', seed: 1 }),
    phase: 'collect',
    round: 2,
    labelsAtRoundStart: 0,
    policyPath: null,
    modelId: null,
    modelPath: null,
    pendingTrain: null,
    slFinal: null,
    rounds: [],
  };
  const state = LoopStateSchema.parse(saved);
  expect(state.seedLayout).toBe('legacy');
  expect(sceneSeed(state.seedLayout, 1, 50, 2, 3)).toBe(320_003);
  expect(SCENE_SEED_SPACES.loopCollection).toBe(200_000);
});
