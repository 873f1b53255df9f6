/**
 * Loop collection on worker threads (issue 21) stores exactly what one thread stores: the same
 * states, candidates, outcomes and labels under the same ids, also when a round resumes mid-episode.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import { openPolicy, defaultPolicyPath } from '../../policy/index.ts';
import { openStore, resolveTeacher, selectorByName, type PreferenceStore } from '../../reward/index.ts';
import { collectRound, collectRoundOnThreads, type RoundCollection } from '../../pipeline/loop/collect-round.ts';
import type { EpisodeJob, StoredPart } from '../../pipeline/loop/collect-episode.ts';
import { makeThreadPool } from '../../pipeline/threads/thread-pool.ts';
import { initPhysics } from '../../sim/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-collect-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TASK = 'push-T';
const TEACHER = 'oracle';
const round = (done: number, total: number, lastLabel: number | null): RoundCollection => ({
  task: TASK,
  runSeed: 3,
  seedLayout: 'episodes',
  queriesPerRound: 10,
  round: 1,
  done,
  total,
  candidates: 3,
  oversample: 1,
  lastLabel,
  framesDir: null,
});

/** Every stored row but timestamps, in id order. */
function dump(path: string): unknown {
  const d = new Database(path, { readonly: true });
  try {
    return {
      states: d.prepare('SELECT id, task, seed, hex(snapshot) s, hex(observation) o FROM states ORDER BY id').all(),
      queries: d
        .prepare('SELECT id, state_id, candidates, expert, selector, selector_score FROM queries ORDER BY id')
        .all(),
      outcomes: d
        .prepare('SELECT id, query_id, candidate, metrics, return, teacher_score FROM outcomes ORDER BY id')
        .all(),
      labels: d.prepare('SELECT id, query_id, kind, payload, annotator FROM labels ORDER BY id').all(),
    };
  } finally {
    d.close();
  }
}

async function serial(store: PreferenceStore, c: RoundCollection, ids: number[]): Promise<void> {
  const policy = await openPolicy(defaultPolicyPath(TASK), TASK);
  try {
    const stages = { teacher: await resolveTeacher(TEACHER), selector: selectorByName('uniform'), policy };
    await collectRound(store, stages, c, (id) => ids.push(id));
  } finally {
    await policy.free();
  }
}

test('two threads store what one thread stores, from the start and resumed mid-episode', async () => {
  await initPhysics();
  const total = 10; // episodes of 4, 4 and 2 queries
  const one = openStore(join(dir, 'one.db'));
  const oneIds: number[] = [];
  try {
    await serial(one, round(0, total, null), oneIds);
  } finally {
    one.close();
  }
  const pool = makeThreadPool<EpisodeJob, StoredPart[]>(
    new URL('../../pipeline/loop/collect-episode.ts', import.meta.url),
    2,
  );
  const inputs = {
    policyPath: defaultPolicyPath(TASK),
    modelPath: null,
    teacher: TEACHER,
    horizon: 0,
    selector: 'uniform',
  };
  try {
    const two = openStore(join(dir, 'two.db'));
    const twoIds: number[] = [];
    const seen: number[] = [];
    try {
      await collectRoundOnThreads(
        two,
        pool,
        inputs,
        undefined,
        round(0, total, null),
        4,
        (id) => twoIds.push(id),
        (n) => seen.push(n),
      );
    } finally {
      two.close();
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(twoIds).toEqual(oneIds);
    expect(dump(join(dir, 'two.db'))).toEqual(dump(join(dir, 'one.db')));

    // A run killed after 6 queries (mid-way along the second episode) resumes on threads.
    const resumed = openStore(join(dir, 'resumed.db'));
    const ids: number[] = [];
    try {
      await serial(resumed, round(0, 6, null), ids);
      await collectRoundOnThreads(resumed, pool, inputs, undefined, round(6, total, ids[ids.length - 1]), 4, (id) =>
        ids.push(id),
      );
    } finally {
      resumed.close();
    }
    expect(ids).toEqual(oneIds);
    expect(dump(join(dir, 'resumed.db'))).toEqual(dump(join(dir, 'one.db')));
  } finally {
    await pool.close();
  }
}, 240_000);
