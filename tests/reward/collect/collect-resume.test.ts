/**
 * Issue 17, item 4: re-runs of `prefsim collect` on one store never repeat a state (seeds continue
 * from the store), and `collect --resume` finishes a killed run with its settings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { SCENE_SEED_SPACES } from '../../../core/seeds.ts';
import { openStore } from '../../../reward/store/index.ts';
import { lastJson, runCli } from '../../cli/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-collect-resume-'));
const db = join(dir, 'p.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const collect = (extra: string[]) =>
  runCli([
    'collect',
    '--task',
    'push-T',
    '--teacher',
    'oracle',
    '--policy',
    'stand-in',
    '--candidates',
    '2',
    '--db',
    db,
    '--json',
    ...extra,
  ]);

function duplicates(): { states: number; uniq: number } {
  const s = openStore({ path: db, readonly: true });
  try {
    return s.db.prepare('SELECT COUNT(*) AS states, COUNT(DISTINCT snapshot) AS uniq FROM states').get() as {
      states: number;
      uniq: number;
    };
  } finally {
    s.close();
  }
}

describe.sequential('collect seeds and --resume', { timeout: 300_000 }, () => {
  test('two runs on one store store no state twice', () => {
    for (let i = 0; i < 2; i++) {
      const r = collect(['--queries', '2']);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(duplicates()).toEqual({ states: 4, uniq: 4 });
    // Collected scenes come from the labelling space, apart from the evaluation seeds 0…99 999.
    const s = openStore({ path: db, readonly: true });
    try {
      const { lo } = s.db.prepare('SELECT MIN(seed) AS lo FROM states').get() as { lo: number };
      expect(lo).toBeGreaterThanOrEqual(SCENE_SEED_SPACES.labelling);
    } finally {
      s.close();
    }
  });

  test('--resume finishes the newest unfinished run: the queries left, with its settings, no state twice', () => {
    // A run killed after 1 of 3 queries: exactly what it saved, since progress commits with each query.
    const first = collect(['--queries', '1']);
    expect(first.code, first.stderr).toBe(0);
    const key = lastJson(first.stdout).run as string;
    const s = openStore(db);
    s.setRun(key, { ...(s.getRun(key) as object), total: 3, done: 1, finished: false });
    s.close();
    const r = runCli(['collect', '--resume', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`resuming ${key}: 1 of 3 queries stored`);
    expect(lastJson(r.stdout)).toMatchObject({ task: 'push-T', teacher: 'oracle', queries: 2, run: key });
    const after = openStore({ path: db, readonly: true });
    try {
      expect(after.getRun(key)).toMatchObject({ total: 3, done: 3, finished: true });
    } finally {
      after.close();
    }
    expect(duplicates()).toEqual({ states: 7, uniq: 7 });
    const again = runCli(['collect', '--resume', '--db', db]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`prefsim: --resume: no unfinished collect run in ${db}`);
  });

  test('an explicit --seed among the evaluation seeds is collected, with a warning naming the overlap', () => {
    const r = collect(['--queries', '1', '--seed', '5']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: --seed 5: scene seeds 0…99999 are the evaluation seeds/);
    const quiet = collect(['--queries', '1', '--seed', String(SCENE_SEED_SPACES.labelling + 500)]);
    expect(quiet.stderr).not.toMatch(/warning: --seed/);
  });
});
