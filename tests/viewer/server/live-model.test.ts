/**
 * The default live model end to end: a real `ws` annotator labels pairs, the explicit
 * Bradley–Terry ensemble (reward/models) retrains in the worker thread, is registered, hot-swapped,
 * and its prediction with uncertainty comes back with the next label. Small epochs keep it fast.
 */
import { existsSync } from 'node:fs';
import { expect, test } from 'vitest';
import type { TestClient } from '../fixtures/ws-client.ts';
import { useTestServer } from '../fixtures/test-server.ts';

const swaps: string[] = [];
const errors: Error[] = [];
const t = useTestServer(
  'live',
  { ahead: 2, streamFps: 240, retrainEvery: 4, trainerOptions: { epochs: 3, points: 32, minPairs: 2 } },
  { onSwap: (id) => swaps.push(id), onError: (e) => errors.push(e) },
);

test('default trainer: retrain after N labels, hot swap, ensemble ' +
  'prediction with uncertainty, new id after N more', async () => {
  const server = t.server;
  expect(server.live.status).toMatch(/explicit-ensemble, retrained every 4 labels; none trained yet/);
  const signed = await t.signIn('ann', 'pair');
  const c = signed.c;
  let q = signed.q;
  // Label with a consistent rule a model can pick up: the longer push wins.
  const label = async (): Promise<Awaited<ReturnType<TestClient['next']>> & { type: 'labelled' }> => {
    const [a, b] = q.candidates;
    const len = (x: typeof a) => Math.hypot(x.p1[0] - x.p0[0], x.p1[1] - x.p0[1]);
    const at = c.messages.length;
    c.send({ type: 'label', queryId: q.queryId, label: { kind: 'pair', winner: len(a) >= len(b) ? 'A' : 'B' } });
    const done = await c.next('labelled', at);
    q = await c.next('query', at);
    return done as never;
  };
  for (let i = 0; i < 4; i++) expect((await label()).prediction).toBeNull();
  await expect
    .poll(() => server.live.modelId, { timeout: 60_000, interval: 100 })
    .toMatch(/^push-T-explicit-[0-9a-f]{12}$/);
  const first = server.live.modelId!;
  const record = server.store.getModel(first)!;
  expect(existsSync(record.path)).toBe(true);
  expect(record.metrics).toMatchObject({ members: 3, epochs: 3 });
  expect(record.metrics.trainPairs).toBeGreaterThanOrEqual(2);

  const done = await label();
  const p = done.prediction!;
  expect(p.modelId).toBe(first);
  expect(p.scores).toHaveLength(2);
  expect(p.std).toHaveLength(2);
  for (const s of p.std) expect(s).toBeGreaterThanOrEqual(0);
  // Three bootstrap members trained from different initialisations disagree somewhat.
  expect(p.std.some((s) => s > 0)).toBe(true);
  expect(p.pA!).toBeGreaterThan(0);
  expect(p.pA!).toBeLessThan(1);
  expect(p.pStd!).toBeGreaterThan(0);
  expect(p.pA! > 0.5).toBe(p.scores[0] > p.scores[1]);
  expect(typeof done.agree).toBe('boolean');
  expect(done.progress.agreement.total).toBe(1);
  expect(done.progress.modelId).toBe(first);
  const acc = done.progress.labelAccuracy;
  expect(acc === null || (acc >= 0 && acc <= 1)).toBe(true);
  expect(acc).toBe(record.metrics.labelAccuracy);
  // The shared evaluation's keys: the pairs behind the figure travel with it.
  expect(done.progress.labelPairs).toBe(record.metrics.labelPairs);
  expect(record.metrics).toHaveProperty('returnAccuracy');
  expect(record.metrics).not.toHaveProperty('heldOutAccuracy');
  expect(server.store.getLabel(done.labelId).liveModels).toEqual([first]);

  for (let i = 0; i < 3; i++) await label();
  await expect.poll(() => server.live.modelId, { timeout: 60_000, interval: 100 }).not.toBe(first);
  expect(server.live.modelId).toMatch(/^push-T-explicit-/);
  expect(swaps).toEqual([first, server.live.modelId]);
  expect(server.store.getModel(server.live.modelId!)!.metrics.trainPairs as number).toBeGreaterThan(
    record.metrics.trainPairs as number,
  );
  expect((await label()).prediction!.modelId).toBe(server.live.modelId);
  expect(errors).toEqual([]);
}, 120_000);
