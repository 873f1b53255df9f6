/**
 * Issue 17 (the suite flaky under load): a label of a repeated or gold query, whose query row is
 * already stored, reads before it writes. As a deferred transaction it failed at once with
 * SQLITE_BUSY_SNAPSHOT ("database is locked", no busy wait) when the trainer's connection
 * committed in between, and the annotator got an `internal` error instead of the next query.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, expect, test } from 'vitest';
import { openStore } from '../../../reward/store/index.ts';
import type { PoolEntry, PreparedQuery } from '../../../viewer/server/index.ts';
import { writeLabel } from '../../../viewer/server/label-writer.ts';
import { spawnTsWorker } from '../../../viewer/server/workers/spawn.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-label-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const query = {
  flow: 'pair',
  task: 'push-T',
  seed: 1,
  snapshot: new Uint8Array([1, 2, 3]),
  observation: new Uint8Array([4, 5]),
  candidates: [0.1, 0.2].map((x) => ({ primitive: 'push', p0: [x, 0, 0], p1: [-x, 0.5, 0] })),
  selector: 'uniform',
  selectorScore: null,
  metrics: [{ coverage: 0.2 }, { coverage: 0.6 }],
} as unknown as PreparedQuery;

test('labels of an already stored query are written while another connection commits', async () => {
  const dbPath = join(dir, 'p.db');
  const store = openStore({ path: dbPath });
  const entry: PoolEntry = { id: 1, query, assigned: new Set(), dbQueryId: null };
  const label = (annotator: string) =>
    writeLabel(store, { entry, label: { kind: 'pair', winner: 'A' }, annotator, liveModels: [] });
  label('first'); // stores the query: every later label is of a stored query, like a repeat
  expect(entry.dbQueryId).not.toBeNull();
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const writer = spawnTsWorker(new URL('../fixtures/model-writer.ts', import.meta.url), { dbPath, stop });
  try {
    await once(writer, 'message'); // its connection is open and committing
    const failures: string[] = [];
    for (let i = 0; i < 400; i++) {
      try {
        label(`a${i}`);
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
    Atomics.store(stop, 0, 1);
    const [done] = (await once(writer, 'message')) as [{ written: number }];
    expect(done.written).toBeGreaterThan(0); // the two connections did write side by side
    expect(failures).toEqual([]);
    expect(store.labelsFor('push-T')).toHaveLength(401);
  } finally {
    Atomics.store(stop, 0, 1);
    await writer.terminate();
    store.close();
  }
});
