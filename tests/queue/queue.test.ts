/**
 * Two real worker processes and a coordinator on a real redis-server (127.0.0.1, a port picked
 * for the test): same results as a local run, every job kind, and the faults of issue 8.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Job } from 'bullmq';
import type { Action } from '../../sim/types.ts';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  makeLocalPool,
  planJobs,
  runEvalJob,
  runEvaluation,
  type EvalPlan,
  type EvalReport,
  type EvalResult,
} from '../../pipeline/eval/index.ts';
import {
  makeQueueRunner,
  prepareQueryRemote,
  QueueClient,
  QueueJobFailedError,
  runPrepareQueryJob,
  runRolloutJob,
} from '../../pipeline/queue/index.ts';
import { getTask, initPhysics, Scene } from '../../sim/index.ts';
import { makeRng } from '../../core/rng.ts';
import { startRedis, type RedisServer } from './fixtures/redis-server.ts';
import { spawnWorker, type WorkerProcess } from './fixtures/worker-process.ts';
import { lastJson, runCli } from '../cli/run-cli.ts';

let redis: RedisServer;
let cache: string;
let workers: WorkerProcess[] = [];
let client: QueueClient;
// A killed worker's job is taken over after one lock period. 5 s, not less: a worker whose main thread
// is starved on a loaded machine must still renew its lock in time (every lockMs / 2).
const LOCK = ['--lock-ms', '5000'];

beforeAll(async () => {
  redis = await startRedis({ appendonly: true });
  cache = mkdtempSync(join(tmpdir(), 'prefsim-queue-cache-'));
  workers = await Promise.all([
    spawnWorker(redis.url, [...LOCK, '--cache', cache]),
    spawnWorker(redis.url, [...LOCK, '--cache', cache]),
  ]);
  // Completed jobs stay in Redis here: the SIGKILL test reads who finished the killed job.
  client = await QueueClient.open(redis.url, { pollMs: 300, backoffMs: 50, keepCompleted: true });
}, 60_000);

afterAll(async () => {
  await client?.close();
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.dispose();
  if (cache) rmSync(cache, { recursive: true, force: true });
}, 30_000);

/** Everything but the wall-clock decision time, which differs between runs. */
const strip = (rs: EvalResult[]) => rs.map(({ decisionMs: _d, ...rest }) => rest);

async function local(plan: EvalPlan): Promise<EvalReport> {
  return runEvaluation(plan, makeLocalPool(0));
}

test('eval through the queue on two worker processes equals a local run, and both workers take jobs', async () => {
  const plan: EvalPlan = { task: 'push-T', methods: ['expert', 'random'], seeds: 4, steps: 3 };
  const runner = makeQueueRunner(client);
  const seen: number[] = [];
  const report = await runEvaluation(plan, runner, (_r, done) => seen.push(done));
  await runner.close();
  expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(strip(report.results)).toEqual(strip((await local(plan)).results));
  expect(report.results.find((r) => r.method === 'expert')!.diversity).toBeNaN();
  for (const w of workers) expect(w.lines.some((l) => / eval done in /.test(l))).toBe(true);
}, 60_000);

test('results are identical whatever the batching: 1, 3 and auto seeds per job', async () => {
  const plan: EvalPlan = { task: 'push-T', methods: ['expert', 'random'], seeds: 5, steps: 2, firstSeed: 40 };
  const expected = strip((await local(plan)).results);
  const before = workers.map((w) => w.lines.length);
  for (const seedsPerJob of [1, 3, 'auto'] as const) {
    const report = await runEvaluation(plan, makeQueueRunner(client, { seedsPerJob }));
    expect(strip(report.results)).toEqual(expected);
  }
  expect(workers.some((w, i) => w.lines.slice(before[i]).some((l) => / eval-batch done in /.test(l)))).toBe(true);
  expect(() => makeQueueRunner(client, { seedsPerJob: 0 })).toThrow(
    /seedsPerJob: expected an integer 1\.\.256 or "auto", got 0/,
  );
}, 60_000);

test('rollout and prepare-query jobs return what a local run returns (frames included)', async () => {
  await initPhysics();
  const task = getTask('push-T');
  const scene = Scene.create(task, 5);
  let snapshot: Uint8Array, candidates: Action[];
  try {
    scene.apply(task.expert(scene, makeRng(1), 1)[0]);
    snapshot = scene.snapshot();
    candidates = task.expert(scene, makeRng(2), 3);
  } finally {
    scene.free();
  }
  const remote = await prepareQueryRemote(client, { task: 'push-T', seed: 5, snapshot, candidates });
  const here = await runPrepareQueryJob({ task: 'push-T', seed: 5, snapshot, candidates });
  expect(remote).toEqual(here);
  expect(remote.frames).toHaveLength(3);
  expect(remote.frames[0].length).toBeGreaterThan(1);
  expect(remote.frames[0][0]).toBeInstanceOf(Uint8Array);

  const snapRef = await client.blobs.put(snapshot, 600);
  const rollout = await client.submit(
    'rollout',
    { task: 'push-T', seed: 5, actor: 'random', steps: 2, snapshot: snapRef, record: true },
    'rollout',
  );
  const rolloutHere = await runRolloutJob({
    task: 'push-T',
    seed: 5,
    actor: 'random',
    steps: 2,
    snapshot,
    record: true,
    models: {},
    candidates: 8,
  });
  expect(rollout).toEqual(rolloutHere);
  expect(rollout.steps).toHaveLength(2);
}, 60_000);

test('a malformed payload is refused at the worker boundary, naming the field, without retries', async () => {
  const err = await client.submit('rollout', { task: 'push-T', seed: -1 }, 'bad rollout').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(QueueJobFailedError);
  expect((err as QueueJobFailedError).attempts).toBe(1);
  expect((err as Error).message).toMatch(/rollout job: .*seed/);
}, 30_000);

test('a poisoned job goes to the failed set with its error after 3 ' +
  'attempts, and the run reports it instead of hanging', async () => {
  const plan: EvalPlan = { task: 'push-T', methods: ['expert', 'psychic'], seeds: 2, steps: 2 };
  const t0 = Date.now();
  const err = await runEvaluation(plan, makeQueueRunner(client)).catch((e: unknown) => e);
  expect(Date.now() - t0).toBeLessThan(20_000);
  expect(err).toBeInstanceOf(QueueJobFailedError);
  const failed = err as QueueJobFailedError;
  expect(failed.message).toMatch(
    new RegExp(
      String.raw`^job \S+ \(eval push-T seed \d method psychic\) failed after 3 attempts: ` +
        'method: unknown method "psychic"; accepted: ',
    ),
  );
  const job = await Job.fromId(client.bullQueue, failed.jobId);
  expect(await job!.getState()).toBe('failed');
  expect(job!.attemptsMade).toBe(3);
  expect(job!.failedReason).toMatch(/unknown method "psychic"/);
}, 30_000);

test('Redis restarted mid-run: the run waits, reconnects and completes with the same results', async () => {
  const plan: EvalPlan = { task: 'push-T', methods: ['expert', 'random'], seeds: 4, steps: 4, firstSeed: 10 };
  let restarted: Promise<void> | undefined;
  let doneWhenBack = -1,
    done = 0;
  const report = await runEvaluation(plan, makeQueueRunner(client), () => {
    if (++done === 1) {
      restarted = (async () => {
        await redis.stop();
        await new Promise((r) => setTimeout(r, 1500));
        await redis.start();
        doneWhenBack = done;
      })();
    }
  });
  await restarted;
  expect(doneWhenBack).toBeGreaterThan(0);
  expect(doneWhenBack).toBeLessThan(8);
  expect(report.results).toHaveLength(8);
  expect(strip(report.results)).toEqual(strip((await local(plan)).results));
}, 90_000);

test('prefsim eval --queue writes the same report as a local run; bad queue URLs are usage errors', async () => {
  const r = runCli([
    'eval',
    '--task',
    'push-T',
    '--methods',
    'expert,random',
    '--seeds',
    '2',
    '--steps',
    '2',
    '--queue',
    redis.url,
    '--json',
  ]);
  // stderr carries progress lines only (they show with --json too): no warning, no error.
  const other = r.stderr.split('\n').filter((l) => l !== '' && !/^eval push-T \d+\/4 \(\d+ %\)/.test(l));
  expect(other).toEqual([]);
  expect(r.stderr).toMatch(/^eval push-T 4\/4 \(100 %\)/m);
  expect(r.code).toBe(0);
  const report = lastJson(r.stdout) as EvalReport;
  expect(strip(report.results)).toEqual(
    JSON.parse(
      JSON.stringify(
        strip((await local({ task: 'push-T', methods: ['expert', 'random'], seeds: 2, steps: 2 })).results),
      ),
    ),
  );
  const bad = runCli(['worker', '--queue', 'http://127.0.0.1:1']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toBe('prefsim: --queue: expected redis://HOST:PORT, got "http://127.0.0.1:1"\n');
  expect(runCli(['eval', '--task', 'push-T', '--queue', 'redis://127.0.0.1']).code).toBe(2);
}, 60_000);

test('a worker killed mid-job (SIGKILL): the job is finished by the other worker and counted once', async () => {
  const [a, b] = workers;
  // Long enough (random pushes never succeed early) that the kill lands mid-job.
  const jobs = planJobs({ task: 'push-T', methods: ['random'], seeds: 4, steps: 150, firstSeed: 20 });
  const before = a.lines.length;
  const ids: string[] = [];
  const done = jobs.map((j) =>
    client.submitWithWorker('eval', { ...j, models: {} }, `eval seed ${j.seed}`, { onId: (id) => ids.push(id) }),
  );
  // Kill A as soon as it starts one of these jobs (not a late retry of an earlier test's job).
  const started = await a.waitFor(new RegExp(`^job (${ids.join('|')}) eval started`), 30_000, before);
  const killedJob = /^job (\S+) /.exec(started)![1];
  expect(jobs).toHaveLength(4);
  a.child.kill('SIGKILL');
  await new Promise((r) => a.child.once('exit', r));
  expect(a.lines.some((l) => l.startsWith(`job ${killedJob} eval done`))).toBe(false);
  const replies = await Promise.all(done);
  expect(replies.map((r) => r.result.seed)).toEqual([20, 21, 22, 23]);
  const expected = await Promise.all(jobs.map((j) => runEvalJob(j)));
  expect(strip(replies.map((r) => r.result))).toEqual(strip(expected));
  const job = await Job.fromId(client.bullQueue, killedJob);
  expect(job!.processedBy).toBe(b.name);
  expect(job!.attemptsStarted).toBeGreaterThanOrEqual(2);
  expect(b.lines.some((l) => l.startsWith(`job ${killedJob} eval done`))).toBe(true);
  expect(client.stats.completed + client.stats.failed).toBe(client.stats.submitted);
  expect(client.outstanding).toBe(0);
}, 60_000);
