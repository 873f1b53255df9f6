/**
 * The queue leaks no work (issue 17, item 7): a job whose stored JSON is corrupt ends in the failed
 * set under its id, a run leaves no keys of its own in Redis, and a worker whose Redis is gone
 * still exits on SIGTERM. One real worker process, one real redis-server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runEvaluation } from '../../pipeline/eval/index.ts';
import { makeQueueRunner, publishModels, QueueClient } from '../../pipeline/queue/index.ts';
import { startRedis, type RedisServer } from './fixtures/redis-server.ts';
import { spawnWorker, type WorkerProcess } from './fixtures/worker-process.ts';

let redis: RedisServer;
let raw: Redis;
let worker: WorkerProcess;
let dir: string;

beforeAll(async () => {
  redis = await startRedis();
  raw = new Redis({ host: '127.0.0.1', port: redis.port });
  raw.on('error', () => {}); // the last test stops Redis
  dir = mkdtempSync(join(tmpdir(), 'prefsim-queue-hygiene-'));
  worker = await spawnWorker(redis.url, ['--lock-ms', '2000', '--workers', '1', '--cache', join(dir, 'cache')]);
}, 60_000);

afterAll(async () => {
  raw?.disconnect();
  await worker?.stop();
  await redis?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

const keys = async () => (await raw.keys('*')).sort();

test('a job whose stored payload is not JSON goes to the failed set with its id, once, naming the cause', async () => {
  const client = await QueueClient.open(redis.url, { pollMs: 200 });
  try {
    const id = 'corrupt-1';
    const added = await client.bullQueue.add(
      'eval',
      { task: 'push-T', seed: 0, method: 'expert', steps: 1 },
      { jobId: id, delay: 3_600_000, attempts: 3 },
    );
    await raw.hset(`prefsim:jobs:${id}`, 'data', '{"task": "push-T", "seed":');
    const from = worker.lines.length;
    await added.promote();
    const line = await worker.waitFor(new RegExp(`^job ${id} eval failed: `), 30_000, from);
    expect(line).toMatch(/stored payload is not valid JSON/);
    // Read raw: the stored payload is still corrupt, so BullMQ's Job.fromId would throw.
    expect(await client.bullQueue.getJobState(id)).toBe('failed');
    expect(await raw.hget(`prefsim:jobs:${id}`, 'failedReason')).toMatch(
      new RegExp(`^job ${id}: stored payload is not valid JSON`),
    );
    expect(worker.lines.filter((l) => l.startsWith(`job ${id} eval started`))).toEqual([
      `job ${id} eval started (attempt 1)`,
    ]);
    expect(await client.bullQueue.getActiveCount()).toBe(0);
    await client.bullQueue.remove(id);
  } finally {
    await client.close();
  }
}, 60_000);

test('a finished run (batched jobs, a published model) leaves no keys of its own in Redis', async () => {
  const before = await keys();
  const client = await QueueClient.open(redis.url, { pollMs: 200 });
  const modelFile = join(dir, 'model.onnx');
  writeFileSync(modelFile, 'bytes that stand for a model');
  const models = await publishModels({ reward: modelFile }, client.blobs);
  expect((await keys()).filter((k) => k.includes(':blob'))).toHaveLength(2);
  const runner = makeQueueRunner(client, { models, seedsPerJob: 2, ownsClient: true });
  const report = await runEvaluation({ task: 'push-T', methods: ['expert', 'random'], seeds: 3, steps: 1 }, runner);
  await runner.close();
  expect(report.results).toHaveLength(6);
  const left = (await keys()).filter((k) => !before.includes(k));
  // BullMQ's own bookkeeping of the queue (shared by every run) may appear; nothing else may.
  expect(left.filter((k) => !/^prefsim:jobs:(events|meta|id|stalled-check|marker)$/.test(k))).toEqual([]);
}, 60_000);

test('a worker whose Redis is gone exits within 10 s of SIGTERM', async () => {
  await redis.stop();
  const exited = new Promise<number | null>((r) => worker.child.once('exit', (code) => r(code)));
  const from = worker.lines.length;
  worker.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still running'>((r) => {
    timer = setTimeout(() => r('still running'), 10_000);
  });
  const outcome = await Promise.race([exited, late]);
  clearTimeout(timer);
  expect(outcome).not.toBe('still running');
  // Two ways out, both within the deadline: BullMQ's close gives up on the gone Redis in time and
  // the worker ends cleanly (0), or the close deadline passes and it says so and exits 1. Which one
  // depends on whether ioredis has noticed the loss yet, so the exit code and the message must agree.
  const said = worker.lines.slice(from).some((l) => /Redis did not answer/.test(l));
  expect({ code: outcome, said }).toSatisfy(
    (x: { code: unknown; said: boolean }) => (x.code === 1 && x.said) || (x.code === 0 && !x.said),
  );
}, 30_000);
