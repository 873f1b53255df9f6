/**
 * Issue 8 §5: the preference server prepares queries on remote `prefsim worker` processes
 * through the queue, and annotators get the same kind of query with frames and metrics.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ViewerServer } from '../../../viewer/server/index.ts';
import { startRedis, type RedisServer } from '../../queue/fixtures/redis-server.ts';
import { spawnWorker, type WorkerProcess } from '../../queue/fixtures/worker-process.ts';
import { Clients, serveDir, startTestServer, type ServeDir } from '../fixtures/test-server.ts';

let dir: ServeDir;
const clients = new Clients();
let redis: RedisServer;
let worker: WorkerProcess;
let server: ViewerServer;

beforeAll(async () => {
  dir = serveDir('viewer-remote');
  redis = await startRedis();
  worker = await spawnWorker(redis.url);
  server = await startTestServer(dir, {
    ahead: 1,
    streamFps: 240,
    trainerModule: null,
    candidates: 'expert-mix',
    queue: redis.url,
  });
}, 60_000);

afterAll(async () => {
  clients.terminate();
  await server?.close();
  await worker?.stop();
  await redis?.dispose();
  dir?.remove();
});

test('queries are rolled out on a remote worker and labelled as usual', async () => {
  expect(server.candidates.detail).toContain(`rollouts: queue ${redis.url}`);
  const c = await clients.open(server.openUrl);
  const q = await c.hello('grace', 'pair');
  expect(q.candidates).toHaveLength(2);
  expect(q.frameCounts.every((n: number) => n > 5)).toBe(true);
  // The worker process really ran the rollouts.
  await worker.waitFor(/prepare-query/, 30_000);
  const at = c.messages.length;
  c.send({ type: 'label', queryId: q.queryId, label: { kind: 'pair', winner: 'A' }, responseMs: 500 });
  const done = await c.next('labelled', at);
  expect(server.store.getLabel(done.labelId).label).toEqual({ kind: 'pair', winner: 'A' });
  expect(server.store.outcomesFor(server.store.getLabel(done.labelId).queryId)).toHaveLength(2);
}, 90_000);
