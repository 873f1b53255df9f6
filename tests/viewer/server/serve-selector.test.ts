/**
 * Issue 15 item 1: `serve --selector disagreement` chooses queries with the live ensemble. Before a
 * live model exists queries are chosen uniformly and stored as such; once one is swapped in, the
 * rollout worker scores the oversampled pool with it and the query is stored with the selector
 * and the score that chose it, which the server also reports per query.
 */
import { expect, test } from 'vitest';
import type { PreparedQuery } from '../../../viewer/server/index.ts';
import { useTestServer } from '../fixtures/test-server.ts';

const prepared: PreparedQuery[] = [];
const errors: Error[] = [];
const t = useTestServer(
  'selector',
  {
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

test('disagreement: uniform until a live model exists, then chosen by the ensemble with the score stored', async () => {
  const server = t.server;
  const signed = await t.signIn('ann', 'pair');
  const c = signed.c;
  let q = signed.q;
  const stored: number[] = [];
  const label = async (): Promise<void> => {
    const [a, b] = q.candidates;
    const len = (x: typeof a) => Math.hypot(x.p1[0] - x.p0[0], x.p1[1] - x.p0[1]);
    const at = c.messages.length;
    c.send({ type: 'label', queryId: q.queryId, label: { kind: 'pair', winner: len(a) >= len(b) ? 'A' : 'B' } });
    const done = await c.next('labelled', at);
    stored.push(server.store.getLabel(done.labelId).queryId);
    q = await c.next('query', at);
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
