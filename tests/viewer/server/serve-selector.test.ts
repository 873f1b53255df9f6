/**
 * Issue 15 item 1: `serve --selector disagreement` chooses queries with the live ensemble. Before a
 * live model exists queries are chosen uniformly and stored as such; once one is swapped in, the
 * rollout worker scores the oversampled pool with it and the query is stored with the selector
 * and the score that chose it, which the server also reports per query.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startViewerServer, type PreparedQuery, type ViewerServer } from '../../../viewer/server/index.ts';
import { TestClient } from '../fixtures/ws-client.ts';

let dir: string;
let server: ViewerServer;
let c: TestClient | null = null;
const prepared: PreparedQuery[] = [];
const errors: Error[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prefsim-selector-'));
  mkdirSync(join(dir, 'static'));
  writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html><title>prefsim</title>');
  server = await startViewerServer(
    {
      port: 0,
      task: 'push-T',
      dbPath: join(dir, 'p.db'),
      staticDir: join(dir, 'static'),
      ahead: 1,
      streamFps: 240,
      candidates: 'expert-mix',
      selector: 'disagreement',
      oversample: 4,
      retrainEvery: 4,
      trainerOptions: { epochs: 3, points: 32, minPairs: 2 },
    },
    { onQuery: (q) => prepared.push(q), onError: (e) => errors.push(e) },
  );
});

afterAll(async () => {
  if (c && c.ws.readyState === c.ws.OPEN) c.ws.terminate();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('disagreement: uniform until a live model exists, then chosen by the ensemble with the score stored', async () => {
  c = await TestClient.open(server.openUrl);
  let q = await c.hello('ann', 'pair');
  const stored: number[] = [];
  const label = async (): Promise<void> => {
    const [a, b] = q.candidates;
    const len = (x: typeof a) => Math.hypot(x.p1[0] - x.p0[0], x.p1[1] - x.p0[1]);
    const at = c!.messages.length;
    c!.send({ type: 'label', queryId: q.queryId, label: { kind: 'pair', winner: len(a) >= len(b) ? 'A' : 'B' } });
    const done = await c!.next('labelled', at);
    stored.push(server.store.getLabel(done.labelId).queryId);
    q = await c!.next('query', at);
  };
  for (let i = 0; i < 4; i++) await label();
  const first = server.store.getQuery(stored[0]);
  expect(first.selector).toBe('uniform');
  expect(first.selectorScore).toBeNull();
  await expect.poll(() => server.live.modelId, { timeout: 60_000, interval: 100 }).toMatch(/^push-T-explicit-/);
  // Queries prepared ahead before the swap were uniform; label until one chosen by the model is stored.
  for (let i = 0; i < 6 && server.store.getQuery(stored[stored.length - 1]).selector !== 'disagreement'; i++)
    await label();
  const chosen = server.store.getQuery(stored[stored.length - 1]);
  expect(chosen.selector).toBe('disagreement');
  expect(typeof chosen.selectorScore).toBe('number');
  expect(chosen.selectorScore!).toBeGreaterThanOrEqual(0);
  // The score the server reported for that query is the one stored with it.
  const reported = prepared.filter((p) => p.selector === 'disagreement').map((p) => p.selectorScore);
  expect(reported).toContain(chosen.selectorScore);
  expect(prepared.every((p) => p.candidates.length === 2)).toBe(true);
  expect(errors).toEqual([]);
}, 180_000);
