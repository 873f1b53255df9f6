/**
 * Issue 17, items 3 and 5: label ids are never reused, undo is a revision (history kept, training
 * reads the current labels only), scene seeds continue from the store, and store errors name the
 * file; a read-only open reads a file it may not write, and a writing open refuses it at once.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { SCENE_SEED_SPACES, seedFor } from '../../../core/seeds.ts';
import { openStore, type PreferenceStore } from '../../../reward/store/index.ts';
import { act, populate, tempDir } from './fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let store: PreferenceStore;
beforeEach(() => {
  tmp = tempDir();
  store = openStore(join(tmp.dir, 'p.db'));
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

function pairQuery(s: PreferenceStore, task = 'push-T', seed = 0): number {
  const stateId = s.addState({ task, seed, snapshot: new Uint8Array([1]) });
  return s.addQuery({ stateId, candidates: [act(0.1), act(0.2)], selector: 'uniform' });
}

describe('label ids and revisions', () => {
  test('an id is never handed out twice, even after the newest label is retracted or deleted', () => {
    const q = pairQuery(store);
    const a = store.addLabel({ queryId: q, label: { kind: 'pair', winner: 'A' }, annotator: 'ada' });
    const b = store.addLabel({ queryId: q, label: { kind: 'pair', winner: 'B' }, annotator: 'ada' });
    store.deleteLabel(b);
    const c = store.addLabel({ queryId: q, label: { kind: 'pair', winner: 'B' }, annotator: 'ada' });
    expect(c).toBeGreaterThan(b);
    store.close();
    store = openStore(join(tmp.dir, 'p.db'));
    store.retractLabel(c);
    const d = store.addLabel({ queryId: q, label: { kind: 'pair', winner: 'equal' }, annotator: 'ada', revises: c });
    expect([a, b, c, d]).toEqual([...new Set([a, b, c, d])].sort((x, y) => x - y));
  });

  test('undo retracts: the row and its history stay, training and labelsFor read only the current revision', () => {
    const q = pairQuery(store);
    const first = store.addLabel({ queryId: q, label: { kind: 'pair', winner: 'A' }, annotator: 'ada' });
    const trainingBefore = store.trainingPairs('push-T');
    expect(trainingBefore).toHaveLength(1);
    store.retractLabel(first, 1234);
    expect(store.labelRevision(first)).toEqual({ revises: null, retractedAt: 1234 });
    expect(store.getLabel(first).label).toEqual({ kind: 'pair', winner: 'A' });
    expect(store.labelsFor('push-T')).toEqual([]);
    expect(store.trainingPairs('push-T')).toEqual([]);
    const second = store.addLabel({
      queryId: q,
      label: { kind: 'pair', winner: 'B' },
      annotator: 'ada',
      revises: first,
    });
    expect(store.labelRevision(second)).toEqual({ revises: first, retractedAt: null });
    expect(store.labelsFor('push-T').map((l) => l.id)).toEqual([second]);
    expect(store.labelsFor('push-T', { history: true }).map((l) => l.id)).toEqual([first, second]);
    expect(store.trainingPairs('push-T').map((p) => p.y)).toEqual([0]);
    expect(() => store.retractLabel(first)).toThrow(
      `store.retractLabel: field id: label ${first} was already retracted`,
    );
    expect(() => store.retractLabel(9999)).toThrow('store.retractLabel: field id: no row in labels with id 9999');
    expect(() =>
      store.addLabel({ queryId: q, label: { kind: 'pair', winner: 'A' }, annotator: 'ada', revises: 9999 }),
    ).toThrow('store.addLabel: field revises: no row in labels with id 9999');
  });

  test('a store written before revisions keeps its labels and links when upgraded', () => {
    populate(store);
    const labels = store.labelsFor('rope-circle');
    expect(labels[0].liveModels).toHaveLength(2);
    expect(store.db.pragma('foreign_key_check')).toEqual([]);
  });
});

describe('scene seeds', () => {
  test('reserveSeed continues past stored states and earlier reservations, per task', () => {
    const L = SCENE_SEED_SPACES.labelling;
    expect(store.reserveSeed('push-T')).toBe(L);
    expect(store.reserveSeed('push-T')).toBe(L + 1);
    pairQuery(store, 'push-T', L + 41);
    expect(store.reserveSeed('push-T')).toBe(L + 42);
    expect(store.reserveSeed('rope-circle')).toBe(L);
    store.noteSeed('rope-circle', L + 100);
    store.noteSeed('rope-circle', L + 50);
    expect(store.reserveSeed('rope-circle')).toBe(L + 101);
    expect(store.reserveSeed('rope-circle', L + 500)).toBe(L + 500);
    // Across a reopen (a restarted `serve`), nothing is handed out twice.
    store.close();
    store = openStore(join(tmp.dir, 'p.db'));
    expect(store.reserveSeed('push-T')).toBe(L + 43);
    expect(store.reserveSeed('rope-circle')).toBe(L + 501);
  });

  test('reserved seeds stay in the labelling space when the store holds evaluation or loop scenes', () => {
    // A loop run's collection (1 000 000+) and scenes collected with an explicit --seed 5 in the
    // same store do not pull later labelling scenes into their blocks.
    pairQuery(store, 'granular-T', 5);
    pairQuery(store, 'granular-T', seedFor.loopEpisode(3, 10));
    store.noteSeed('granular-T', seedFor.loopEpisode(3, 11));
    expect(store.reserveSeed('granular-T')).toBe(SCENE_SEED_SPACES.labelling);
  });
});

describe('opening errors name the file', () => {
  test('"file is not a database" and "unable to open database file" say which file', () => {
    const junk = join(tmp.dir, 'junk.db');
    writeFileSync(junk, 'this is not sqlite, just text that is long enough');
    expect(() => openStore(junk)).toThrow(`store ${junk}: file is not a database`);
    const missing = join(tmp.dir, 'missing.db');
    expect(() => openStore({ path: missing, readonly: true })).toThrow(
      `store ${missing}: unable to open database file`,
    );
  });

  test('a read-only open reads the store and writes nothing', () => {
    populate(store);
    store.close();
    const ro = openStore({ path: join(tmp.dir, 'p.db'), readonly: true });
    try {
      expect(ro.labelsFor('rope-circle').length).toBeGreaterThan(0);
      expect(() => ro.setRun('x', 1)).toThrow(/readonly/);
    } finally {
      ro.close();
    }
    store = openStore(join(tmp.dir, 'p.db'));
  });

  // Root writes any file, so the check runs as an unprivileged user when the suite runs as root.
  test('a file the process may not write is refused at open by a writing store, and read by a read-only one', () => {
    store.close();
    const file = join(tmp.dir, 'p.db');
    chmodSync(file, 0o444);
    chmodSync(tmp.dir, 0o777);
    const storeModule = JSON.stringify(new URL('../../../reward/store/index.ts', import.meta.url).pathname);
    const script = `import { openStore } from ${storeModule};
      for (const readonly of [false, true]) {
        try {
          const s = openStore({ path: ${JSON.stringify(file)}, readonly });
          console.log('opened', s.counts().labels);
          s.close();
        }
        catch (e) { console.log('error', e.message); }
      }`;
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      ...asUser,
      env: { ...process.env, HOME: tmp.dir },
    });
    expect(r.stdout.trim().split('\n')).toEqual([
      `error store ${file}: the file is not writable (EACCES); fix the permissions or pass another --db`,
      'opened 0',
    ]);
    chmodSync(file, 0o644);
    store = openStore(file);
  });

  test('a read-only open of a store in a folder the process may not write says why it cannot read it', () => {
    store.close();
    const file = join(tmp.dir, 'p.db');
    chmodSync(tmp.dir, 0o555);
    const storeModule = new URL('../../../reward/store/index.ts', import.meta.url).pathname;
    const script = `import { openStore } from ${JSON.stringify(storeModule)};
      try { openStore({ path: ${JSON.stringify(file)}, readonly: true }).close(); console.log('opened'); }
      catch (e) { console.log('error', e.message); }`;
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      ...asUser,
      env: { ...process.env, HOME: tmpdir() },
    });
    chmodSync(tmp.dir, 0o755);
    expect(r.stdout.trim()).toBe(
      `error store ${file}: its folder ${tmp.dir} is not writable, ` +
        'and SQLite needs to create p.db-shm there even to read; ' +
        'make the folder writable or copy the file to one that is',
    );
    store = openStore(file);
  });
});
