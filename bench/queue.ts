/**
 * `npm run bench -- queue [--runs N] [--seeds S]`: the Redis queue on this machine.
 * - episodes per minute of push-T evaluation (expert, 10 steps) with 1, 2 and 4 `prefsim worker`
 *   processes (each runs its jobs in-process), medians over N runs;
 * - the queue's overhead per job against the local pool: the same batch of cheap jobs (random
 *   actor, 1 step) on one worker process through Redis and on a one-thread tinypool, wall time
 *   difference per job. Target ≤ 5 ms.
 * Starts its own redis-server on 127.0.0.1 (a free port) and stops it afterwards.
 */
import { cpus, loadavg } from 'node:os';
import { makeLocalPool, runEvaluation, type EvalPlan, type JobRunner } from '../pipeline/eval/index.ts';
import { makeQueueRunner, QueueClient } from '../pipeline/queue/index.ts';
import { startRedis } from '../tests/queue/fixtures/redis-server.ts';
import { spawnWorker, type WorkerProcess } from '../tests/queue/fixtures/worker-process.ts';
import { summarize } from './stats.ts';

function flag(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

async function wallMs(plan: EvalPlan, runner: JobRunner): Promise<number> {
  const t0 = performance.now();
  await runEvaluation(plan, runner);
  return performance.now() - t0;
}

export default async function bench(args: string[]) {
  const runs = flag(args, '--runs', 3);
  const seeds = flag(args, '--seeds', 12);
  const redis = await startRedis();
  let workers: WorkerProcess[] = [];
  const client = await QueueClient.open(redis.url, { pollMs: 1000 });
  const runner = makeQueueRunner(client);
  try {
    const throughput: Record<string, ReturnType<typeof summarize>> = {};
    const plan: EvalPlan = { task: 'push-T', methods: ['expert'], seeds, steps: 10 };
    for (const n of [1, 2, 4]) {
      workers = await Promise.all(Array.from({ length: n }, () => spawnWorker(redis.url)));
      await wallMs({ ...plan, seeds: n }, runner); // warm-up: Rapier init in every worker
      const epm: number[] = [];
      for (let r = 0; r < runs; r++) epm.push((seeds / (await wallMs({ ...plan, firstSeed: 100 * r }, runner))) * 60_000);
      throughput[`workers${n}`] = summarize(epm);
      await Promise.all(workers.map((w) => w.stop()));
      workers = [];
    }

    // Overhead: many cheap jobs, one executor each way.
    const cheap: EvalPlan = { task: 'push-T', methods: ['random'], seeds: 40, steps: 1 };
    const perJob = cheap.seeds * cheap.methods.length;
    workers = [await spawnWorker(redis.url)];
    const pool = makeLocalPool(1);
    const queueMs: number[] = [], poolMs: number[] = [], overhead: number[] = [];
    try {
      await wallMs(cheap, runner);
      await wallMs(cheap, pool);
      for (let r = 0; r < runs; r++) {
        const q = (await wallMs({ ...cheap, firstSeed: 1000 * (r + 1) }, runner)) / perJob;
        const p = (await wallMs({ ...cheap, firstSeed: 1000 * (r + 1) }, pool)) / perJob;
        queueMs.push(q);
        poolMs.push(p);
        overhead.push(q - p);
      }
    } finally {
      await pool.close();
    }
    const overheadMs = summarize(overhead);
    return {
      bench: 'queue',
      runs,
      // Other processes share this machine's cores: scaling figures depend on this.
      machine: { cores: cpus().length, loadAverage1m: loadavg()[0] },
      episodesPerMinute: { task: plan.task, method: 'expert', steps: plan.steps, seeds, ...throughput },
      scaling: { workers2vs1: throughput.workers2.median / throughput.workers1.median, workers4vs1: throughput.workers4.median / throughput.workers1.median },
      overhead: {
        jobsPerRun: perJob,
        queueMsPerJob: summarize(queueMs),
        localPoolMsPerJob: summarize(poolMs),
        overheadMsPerJob: overheadMs,
        targetMs: 5,
        withinTarget: overheadMs.median <= 5,
        speedup: summarize(poolMs).median / summarize(queueMs).median,
      },
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await runner.close();
    await client.close();
    await redis.dispose();
  }
}
