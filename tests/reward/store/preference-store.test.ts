import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  MIGRATIONS,
  SCHEMA_VERSION,
  StoreError,
  migrate,
  decodeObservation,
  defaultDbPath,
  encodeObservation,
  openStore,
  type PreferenceStore,
} from '../../../reward/store/index.ts';
import { act, populate, tempDir } from './fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let store: PreferenceStore;
let file: string;

beforeEach(() => {
  tmp = tempDir();
  file = join(tmp.dir, 'nested', 'dir', 'p.db');
  store = openStore(file);
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

describe('opening', () => {
  test('creates the folder, WAL mode, foreign keys, current schema version', () => {
    expect(existsSync(file)).toBe(true);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  test('synchronous FULL on request', () => {
    const s = openStore({ path: join(tmp.dir, 'full.db'), synchronous: 'FULL' });
    expect(s.db.pragma('synchronous', { simple: true })).toBe(2);
    s.close();
  });

  test('reopening keeps data and does not re-run migrations', () => {
    populate(store);
    const before = store.counts();
    store.close();
    store = openStore(file);
    expect(store.counts()).toEqual(before);
  });

  test('a file from a newer prefsim is refused clearly', () => {
    store.db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    store.close();
    expect(() => openStore(file)).toThrow(
      `schema version ${SCHEMA_VERSION + 5} is newer than this prefsim supports (${SCHEMA_VERSION})`,
    );
  });

  test('a pending migration upgrades an older file and keeps its rows', () => {
    populate(store);
    store.close();
    const db = new Database(file);
    migrate(db, file, [...MIGRATIONS, 'ALTER TABLE labels ADD COLUMN note TEXT']);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    expect((db.prepare('SELECT COUNT(*) AS n FROM labels').get() as { n: number }).n).toBe(7);
    db.close();
    // This build now sees a newer file and refuses it.
    expect(() => openStore(file)).toThrow('is newer than this prefsim supports');
    store = openStore(join(tmp.dir, 'fresh.db'));
  });

  test('bad options are refused', () => {
    expect(() => openStore({ path: join(tmp.dir, 'x.db'), synchronous: 'OFF' as 'FULL' })).toThrow(
      'openStore: field synchronous: expected "NORMAL" or "FULL", found "OFF"',
    );
  });

  test('close() is idempotent and use after close is an error', () => {
    store.close();
    store.close();
    expect(() => store.counts()).toThrow('used after close()');
  });

  test('two connections to one file (server + CLI) both write and see each other', () => {
    const other = openStore(file);
    try {
      const s = store.addState({ task: 'rope-circle', seed: 1, snapshot: new Uint8Array([1]) });
      const q = other.addQuery({ stateId: s, candidates: [act(1), act(2)], selector: 'uniform' });
      store.addLabel({ queryId: q, label: { kind: 'pair', winner: 'B' }, annotator: 'a' });
      other.addLabel({ queryId: q, label: { kind: 'pair', winner: 'A' }, annotator: 'b' });
      expect(store.labelsFor('rope-circle').map((l) => l.annotator)).toEqual(['a', 'b']);
      expect(other.trainingPairs('rope-circle').map((p) => p.y)).toEqual([0, 1]);
    } finally {
      other.close();
    }
  });

  test.each([
    [{}, 'data/prefsim.db'],
    [{ PREFSIM_DB: '' }, 'data/prefsim.db'],
    [{ PREFSIM_DB: '/x/y.db' }, '/x/y.db'],
  ])('defaultDbPath(%j)', (env, want) => {
    const got = defaultDbPath(env);
    expect(got.endsWith(want)).toBe(true);
    expect(got.startsWith('/')).toBe(true);
  });
});

describe('writing and reading', () => {
  test('records come back as written', () => {
    const s = store.addState({ task: 'rope-circle', seed: 3, snapshot: new Uint8Array([5, 6]), createdAt: 11 });
    expect(store.getState(s)).toEqual({
      id: s,
      task: 'rope-circle',
      seed: 3,
      snapshot: new Uint8Array([5, 6]),
      observation: null,
      observationRef: null,
      createdAt: 11,
    });
    const q = store.addQuery({ stateId: s, candidates: [act(1), act(2)], selector: 'uniform', createdAt: 12 });
    expect(store.getQuery(q)).toEqual({
      id: q,
      stateId: s,
      candidates: [act(1), act(2)],
      expert: null,
      selector: 'uniform',
      selectorScore: null,
      createdAt: 12,
    });
    store.addOutcome({ queryId: q, candidate: 1, metrics: { iou: 0.7 }, return: 0.7, createdAt: 13 });
    expect(store.outcomesFor(q)).toEqual([
      {
        id: 1,
        queryId: q,
        candidate: 1,
        metrics: { iou: 0.7 },
        framesRef: null,
        return: 0.7,
        teacherScore: null,
        createdAt: 13,
      },
    ]);
  });

  test('labels of every annotator are kept, with live models', () => {
    populate(store);
    const rope = store.labelsFor('rope-circle');
    expect(rope.map((l) => l.annotator)).toEqual(['alice', 'bob', 'teacher:oracle', 'alice']);
    expect(rope[0]).toMatchObject({ label: { kind: 'pair', winner: 'A' }, responseMs: 1234.5 });
    expect(rope[0].liveModels).toEqual(['rope-circle-explicit-aa11', 'rope-circle-explicit-bb22']);
    expect(rope[1].liveModels).toEqual([]);
    expect(store.labelsFor('push-T', { annotators: ['bob'] }).map((l) => l.label.kind)).toEqual([
      'binary',
      'triplet-equal',
    ]);
    expect(store.labelsFor('cloth-flatten')).toEqual([]);
  });

  test('deleteLabel removes the label and its live-model links, nothing else', () => {
    populate(store);
    const [first, second] = store.labelsFor('rope-circle');
    expect(first.liveModels).toHaveLength(2);
    const before = store.counts();
    store.deleteLabel(first.id);
    expect(() => store.getLabel(first.id)).toThrow(/no row in labels/);
    expect(store.counts()).toEqual({ ...before, labels: before.labels - 1, label_models: before.label_models - 2 });
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM label_models WHERE label_id = ?').get(first.id)).toEqual({
      n: 0,
    });
    expect(store.getLabel(second.id).annotator).toBe('bob');
    expect(store.outcomesFor(first.queryId)).toHaveLength(2);
    // A missing id changes nothing and says which.
    const after = store.counts();
    expect(() => store.deleteLabel(first.id)).toThrow(
      `store.deleteLabel: field id: no row in labels with id ${first.id}`,
    );
    expect(() => store.deleteLabel(1.5)).toThrow('store.deleteLabel: field id: expected an integer, found 1.5');
    expect(store.counts()).toEqual(after);
  });

  test('trainingPairs expands every label kind (METHODS §3)', () => {
    const { pairQuery, rankQuery } = populate(store);
    const pairs = store.trainingPairs('rope-circle');
    const brief = pairs.map((p) => [p.queryId, p.annotator, p.i, p.j, p.y]);
    expect(brief).toEqual([
      [pairQuery, 'alice', 0, 1, 1],
      [pairQuery, 'bob', 0, 1, 0.5],
      // skip dropped; ranking [2, 0 | 1, 3] with expert 3
      [rankQuery, 'alice', 3, 2, 1],
      [rankQuery, 'alice', 3, 0, 1],
      [rankQuery, 'alice', 3, 1, 1],
      [rankQuery, 'alice', 2, 0, 1],
      [rankQuery, 'alice', 2, 1, 1],
      [rankQuery, 'alice', 0, 1, 1],
    ]);
    expect(pairs[2].a).toEqual(act(4));
    expect(pairs[2].b).toEqual(act(3));
    expect(
      store.trainingPairs('rope-circle', { expertPairs: false }).filter((p) => p.queryId === rankQuery),
    ).toHaveLength(5);
    expect(store.trainingBinary('push-T').map((b) => [b.i, b.good, b.action.primitive])).toEqual([[0, false, 'push']]);
    expect(store.trainingTriplets('push-T').map((t) => [t.pos, t.neu, t.neg, t.y])).toEqual([
      [1, 2, 0, 1],
      [0, 1, 2, 0.5],
    ]);
  });

  test('model registry: latest by task and kind, parent links', () => {
    populate(store);
    expect(store.latestModel('rope-circle', 'explicit')?.id).toBe('rope-circle-explicit-bb22');
    expect(store.latestModel('rope-circle', 'explicit')?.parent).toBe('rope-circle-explicit-aa11');
    expect(store.latestModel('rope-circle', 'rapl')).toBeUndefined();
    store.registerModel({
      id: 'same-time',
      task: 'rope-circle',
      kind: 'explicit',
      path: 'c',
      hash: 'cc',
      metrics: {},
      createdAt: 1_700_000_000_010,
    });
    expect(store.latestModel('rope-circle', 'explicit')?.id).toBe('same-time'); // tie → later insert
    expect(() =>
      store.registerModel({ id: 'same-time', task: 't', kind: 'k', path: 'p', hash: 'h', metrics: {} }),
    ).toThrow('field id: a model with id "same-time" is already registered');
    expect(() =>
      store.registerModel({ task: 't', kind: 'k', path: 'p', hash: 'h', metrics: {}, parent: 'nope' }),
    ).toThrow('registerModel: field parent: no row in models with id "nope"');
  });

  test('runs: a resumable loop keeps its progress', () => {
    expect(store.getRun('x')).toBeUndefined();
    store.setRun('x', { step: 1 });
    store.setRun('x', { step: 2, done: [1, 2] });
    expect(store.getRun('x')).toEqual({ step: 2, done: [1, 2] });
    store.deleteRun('x');
    expect(store.getRun('x')).toBeUndefined();
  });

  test('observation codec round-trips', () => {
    const obs = {
      points: new Float32Array([0.5, -1, 2, 3, 4, 5]),
      center: [0.1, 0.2, 0.3] as [number, number, number],
      scale: 1.75,
    };
    expect(decodeObservation(encodeObservation(obs))).toEqual(obs);
    expect(() => decodeObservation(new Uint8Array(33))).toThrow('expected 32 + 12·N bytes, found 33');
  });
});

describe('boundaries', () => {
  test('bad input names the field, what was expected and what came', () => {
    const { pairQuery } = populate(store);
    expect(() =>
      store.addLabel({ queryId: pairQuery, label: { kind: 'pair', winner: 'C' as 'A' }, annotator: 'x' }),
    ).toThrow('store.addLabel: field label.winner: Invalid option: expected one of "A"|"B"|"equal"|"skip" (found "C")');
    expect(() => store.addLabel({ queryId: pairQuery, label: { kind: 'binary', good: true }, annotator: 'x' })).toThrow(
      `label for query ${pairQuery}: a binary label needs a query with 1 candidates, found 2`,
    );
    expect(() => store.addLabel({ queryId: 999, label: { kind: 'pair', winner: 'A' }, annotator: 'x' })).toThrow(
      'no row in queries with id 999',
    );
    expect(() =>
      store.addLabel({
        queryId: pairQuery,
        label: { kind: 'pair', winner: 'A' },
        annotator: 'x',
        liveModels: ['ghost'],
      }),
    ).toThrow('addLabel: field liveModels: no row in models with id "ghost"');
    expect(() =>
      store.addQuery({
        stateId: 1,
        candidates: [{ primitive: 'pick_place', p0: [NaN, 0, 0], p1: [0, 0, 0] }],
        selector: 'u',
      }),
    ).toThrow('store.addQuery: field candidates.0.p0.0: Invalid input: expected number, received NaN (found NaN)');
    expect(() => store.addOutcome({ queryId: pairQuery, candidate: 2, metrics: {} })).toThrow(
      'field candidate: expected 0..1 (query 1 has 2 candidates), found 2',
    );
  });

  test('a failed addLabel leaves nothing behind', () => {
    const { pairQuery } = populate(store);
    const before = store.counts();
    // The second live model is missing: the label row already inserted must roll back.
    expect(() =>
      store.addLabel({
        queryId: pairQuery,
        label: { kind: 'pair', winner: 'B' },
        annotator: 'x',
        liveModels: ['rope-circle-explicit-aa11', 'ghost'],
      }),
    ).toThrow('ghost');
    expect(store.counts()).toEqual(before);
  });

  test.each([
    [
      'labels',
      'UPDATE labels SET payload = \'{"kind":"pair","winner":"Z"}\' WHERE id = 2',
      'store: bad row in labels id=2: field payload.winner',
      (s: PreferenceStore) => s.labelsFor('rope-circle'),
    ],
    [
      'labels',
      "UPDATE labels SET kind = 'binary' WHERE id = 1",
      'store: bad row in labels id=1: field kind: kind column does not match payload.kind',
      (s: PreferenceStore) => s.getLabel(1),
    ],
    [
      'labels',
      "UPDATE labels SET payload = 'not json' WHERE id = 1",
      'store: bad row in labels id=1: field payload: expected JSON text',
      (s: PreferenceStore) => s.getLabel(1),
    ],
    [
      'queries',
      'UPDATE queries SET candidates = \'[{"primitive":"fly","p0":[0,0,0],"p1":[0,0,0]}]\' WHERE id = 1',
      'store: bad row in queries id=1: field candidates.0.primitive',
      (s: PreferenceStore) => s.getQuery(1),
    ],
    [
      'outcomes',
      'UPDATE outcomes SET metrics = \'{"iou":"high"}\' WHERE id = 2',
      'store: bad row in outcomes id=2: field metrics.iou',
      (s: PreferenceStore) => s.outcomesFor(1),
    ],
    [
      'states',
      "UPDATE states SET snapshot = 'text' WHERE id = 1",
      'store: bad row in states id=1: field snapshot',
      (s: PreferenceStore) => s.getState(1),
    ],
    [
      'models',
      "UPDATE models SET metrics = '[1]' WHERE id = 'rope-circle-explicit-aa11'",
      'store: bad row in models id=rope-circle-explicit-aa11: field metrics',
      (s: PreferenceStore) => s.listModels(),
    ],
  ])('a bad %s row is an error naming table, id and field', (table, sql, msg, read) => {
    populate(store);
    store.close();
    const raw = new Database(file);
    raw.exec(sql);
    raw.close();
    store = openStore(file);
    let err: unknown;
    try {
      read(store);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toContain(msg);
    expect((err as StoreError).table).toBe(table);
  });
});
