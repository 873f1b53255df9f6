import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, test } from 'vitest';
import {
  MIGRATIONS,
  exportJsonl,
  importJsonl,
  migrate,
  openStore,
  sealJsonl,
  type PreferenceStore,
} from '../../../reward/store/index.ts';
import { act, tempDir } from './fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let store: PreferenceStore | undefined;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  store?.close();
  store = undefined;
  tmp.cleanup();
});

function oneQuery(s: PreferenceStore, seed = 3): number {
  const stateId = s.addState({ task: 'push-T', seed, snapshot: new Uint8Array([1]) });
  return s.addQuery({ stateId, candidates: [act(0), act(1)], selector: 'uniform' });
}

test('a store written before migration 2 opens; its outcomes read teacherScore null, new ones keep theirs', () => {
  const file = join(tmp.dir, 'v1.db');
  const db = new Database(file);
  migrate(db, file, MIGRATIONS.slice(0, 1));
  db.prepare("INSERT INTO states (id, task, seed, snapshot, created_at) VALUES (1, 'push-T', 3, x'01', 0)").run();
  db.prepare(`INSERT INTO queries (id, state_id, candidates, selector, created_at) VALUES (1, 1, ?, 'uniform', 0)`).run(
    JSON.stringify([act(0), act(1)]),
  );
  db.prepare(
    `INSERT INTO outcomes (query_id, candidate, metrics, return, created_at) VALUES (1, 0, '{}', 0.5, 0)`,
  ).run();
  db.close();
  store = openStore(file);
  expect(store.outcomesFor(1)).toMatchObject([{ candidate: 0, return: 0.5, teacherScore: null }]);
  store.addOutcome({ queryId: 1, candidate: 1, metrics: {}, return: 0.7, teacherScore: -0.3 });
  expect(store.outcomesFor(1).map((o) => o.teacherScore)).toEqual([null, -0.3]);
  expect(store.stateSeeds('push-T')).toEqual(new Map([[1, 3]]));
});

test('teacher scores survive JSONL export and import; a line without one (an older file) imports as null', () => {
  store = openStore(':memory:');
  const q = oneQuery(store);
  store.addOutcome({ queryId: q, candidate: 0, metrics: {}, return: 0.2, teacherScore: 0.2 });
  store.addOutcome({ queryId: q, candidate: 1, metrics: {}, return: 0.9, teacherScore: -0.1 });
  const text = [...exportJsonl(store)].join('\n');
  const copy = openStore(':memory:');
  try {
    importJsonl(copy, text);
    expect(copy.outcomesFor(q).map((o) => o.teacherScore)).toEqual([0.2, -0.1]);
  } finally {
    copy.close();
  }
  // An export from before teacher scores: the same lines without the field, sealed by its own trailer.
  const old = sealJsonl(text.split('\n').map((l) => l.replace(/,"teacherScore":[^,}]+/, ''))).join('\n');
  expect(old).not.toContain('teacherScore');
  const fromOld = openStore(':memory:');
  try {
    importJsonl(fromOld, old);
    expect(fromOld.outcomesFor(q).map((o) => o.teacherScore)).toEqual([null, null]);
  } finally {
    fromOld.close();
  }
});

test('a non-finite teacher score is refused naming the field', () => {
  store = openStore(':memory:');
  const q = oneQuery(store);
  expect(() => store!.addOutcome({ queryId: q, candidate: 0, metrics: {}, teacherScore: NaN })).toThrow(
    /store\.addOutcome: field teacherScore/,
  );
});
