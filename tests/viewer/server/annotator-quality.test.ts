/**
 * Issue 16 over a real server and ws client: the live model's prediction for the query on screen,
 * repeated queries for self-consistency, the label browser's list and a relabel as a revision, and
 * /stats (HTML and JSON) over HTTP.
 */
import { expect, test } from 'vitest';
import type { MessageOf } from '../../../viewer/protocol/index.ts';
import { FAKE_TRAINER, useTestServer } from '../fixtures/test-server.ts';

const t = useTestServer('quality', {
  seed: 3,
  ahead: 2,
  streamFps: 240,
  retrainEvery: 1,
  trainerModule: FAKE_TRAINER,
  repeatRate: 1,
});

test('prediction for the query on screen, repeats, label browser, relabel, /stats', async () => {
  const server = t.server;
  const signed = await t.signIn('ada', 'pair');
  const c = signed.c;
  let q = signed.q;
  const shown: number[] = [q.queryId];
  const label = async (winner: 'A' | 'B'): Promise<MessageOf<'labelled'>> => {
    const at = c.messages.length;
    c.send({ type: 'label', queryId: q.queryId, label: { kind: 'pair', winner }, responseMs: 1000 });
    const done = await c.next('labelled', at);
    q = await c.next('query', at);
    shown.push(q.queryId);
    return done;
  };
  await label('A');
  await expect.poll(() => server.live.modelId, { timeout: 30_000 }).not.toBeNull();
  // Four fresh queries: repeats wait until 3 labels lie between a query and its repeat.
  for (let i = 0; i < 3; i++) await label('A');
  expect(new Set(shown.slice(0, 4)).size).toBe(4);
  // With repeatRate 1 the fifth is one of the first ones (after a gap of 3), shown as any query.
  expect(shown.slice(0, 1)).toContain(q.queryId);
  expect(q.again).toBe(false);
  expect(q.review).toBeUndefined();
  // The model's prediction for *this* query arrives with its id (the page keeps it hidden).
  // (Its first showing, before any model, got a null one: the last one is this showing's.)
  const seen = (): MessageOf<'prediction'> | undefined =>
    c.messages.findLast(
      (m): m is MessageOf<'prediction'> => m.type === 'prediction' && m.queryId === q.queryId && m.prediction !== null,
    );
  await expect.poll(seen, { timeout: 10_000 }).toBeDefined();
  const p = seen()!;
  expect(p.queryId).toBe(q.queryId);
  expect(p.prediction?.scores).toHaveLength(2);
  const repeat = await label('B'); // changes her mind: self-agreement 0 of 1
  const row = server.store.getLabel(repeat.labelId);
  const first = server.store.labelsFor('push-T', { annotators: ['ada'] })[0];
  expect(row.queryId).toBe(first.queryId);
  expect(server.store.labelsFor('push-T', { annotators: ['ada'] })).toHaveLength(5);

  // Label browser: newest first, replayable while this server holds the frames.
  let at = c.messages.length;
  c.send({ type: 'list-labels' });
  const list = await c.next('labels', at);
  expect(list.items.map((i) => i.labelId)).toEqual(
    server.store
      .labelsFor('push-T', { annotators: ['ada'] })
      .map((l) => l.id)
      .reverse(),
  );
  expect(list.items.every((i) => i.replayable)).toBe(true);
  const old = list.items[list.items.length - 1];
  at = c.messages.length;
  c.send({ type: 'review', labelId: old.labelId });
  const review = await c.next('query', at);
  expect(review).toMatchObject({ again: true, review: { labelId: old.labelId, label: { kind: 'pair', winner: 'A' } } });
  at = c.messages.length;
  c.send({ type: 'label', queryId: review.queryId, label: { kind: 'pair', winner: 'B' } });
  const relabel = await c.next('labelled', at);
  expect(server.store.labelRevision(relabel.labelId)).toEqual({ revises: old.labelId, retractedAt: null });
  expect(server.store.labelRevision(old.labelId).retractedAt).not.toBeNull();
  // The query set aside by the review comes back next.
  expect((await c.next('query', at)).queryId).toBe(q.queryId);
  // Reviewing an undone (revised) label or someone else's is refused, naming the field.
  at = c.messages.length;
  c.send({ type: 'review', labelId: old.labelId });
  expect((await c.next('error', at)).message).toMatch(/^field labelId: label \d+ was undone or revised/);

  // /stats over HTTP, opened as the page is (with the printed URL's token); JSON and table carry the n.
  const token = new URL(server.openUrl).searchParams.get('token')!;
  expect((await fetch(new URL('/stats.json', server.url), { method: 'POST' })).status).toBe(405);
  const json = await (await fetch(new URL(`/stats.json?token=${encodeURIComponent(token)}`, server.url))).json();
  expect(json).toMatchObject({ task: 'push-T', metric: 'coverage' });
  const ada = json.annotators.find((a: { annotator: string }) => a.annotator === 'ada');
  expect(ada).toMatchObject({ labels: 5, retracted: 1, timedLabels: 5 });
  // The repeat (B) and the relabel of its first answer (now B): the repeat agrees with the first current label.
  expect(ada.self.n).toBe(1);
  const html = await (await fetch(new URL(`/stats?token=${encodeURIComponent(token)}`, server.url))).text();
  expect(html).toMatch(/<tr data-annotator="ada"><td>ada<\/td><td>5<\/td><td>1<\/td><td>— \(n = \d+\)<\/td>/);
});
