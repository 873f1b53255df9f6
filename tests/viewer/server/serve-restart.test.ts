/**
 * Issue 17, item 4: `serve` restarted on the same store continues scene seeds instead of starting
 * again from seed 0, so restarts store no byte-identical states.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { TestClient } from '../fixtures/ws-client.ts';
import { serveDir, startTestServer, type ServeDir } from '../fixtures/test-server.ts';

let dir: ServeDir;
beforeAll(() => {
  dir = serveDir('restart');
});
afterAll(() => dir.remove());

/** Starts a server on the shared store, labels one query, stops; returns the stored state's seed and snapshot. */
async function labelOnce(): Promise<{ seed: number; snapshot: string }> {
  const server = await startTestServer(dir, {
    ahead: 1,
    streamFps: 240,
    trainerModule: null,
    candidates: 'expert-mix',
  });
  try {
    const c = await TestClient.open(server.openUrl);
    const q = await c.hello('ada');
    const at = c.messages.length;
    c.send({ type: 'label', queryId: q.queryId, label: { kind: 'pair', winner: 'A' } });
    const done = await c.next('labelled', at);
    await c.close();
    const state = server.store.getState(server.store.getQuery(server.store.getLabel(done.labelId).queryId).stateId);
    return { seed: state.seed, snapshot: Buffer.from(state.snapshot).toString('base64') };
  } finally {
    await server.close();
  }
}

test("a restarted server shows states of a new scene seed, none byte-identical to the first run's", async () => {
  const first = await labelOnce();
  const second = await labelOnce();
  expect(second.seed).toBeGreaterThan(first.seed);
  expect(second.snapshot).not.toBe(first.snapshot);
}, 120_000);
