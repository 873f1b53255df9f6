/**
 * `npm run bench -- queue [--runs N]`: how the Redis queue scales on this machine.
 * - episodes per minute with 1 and 2 `prefsim worker` processes, each pinned to its own core
 *   (`taskset`) with a thread budget of 1, for a short task (push-T expert, 10 steps) and a heavy
 *   one (rope-circle expert, 2 steps); seeds per job `auto`. Each worker is warmed up first: a
 *   fresh process spends ~2 s of CPU on a V8 background thread compiling during its first
 *   episodes, which would otherwise be measured as a scaling loss;
 * - the fixed cost per job: one worker, cheap jobs (random, 1 step) one after another, the
 *   coordinator's wall time per job minus the run time the worker reports; and the Redis
 *   commands per job (INFO stats);
 * - the load average before and after (other processes share the cores).
 * Figures: medians over N runs with the mean's 95 % t-interval. Starts its own redis-server.
 */
import { cpus, loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { meanCI, runEvaluation, type EvalPlan } from '../pipeline/eval/index.ts';
import { makeQueueRunner, QueueClient } from '../pipeline/queue/index.ts';
import { startRedis } from '../tests/queue/fixtures/redis-server.ts';
import { spawnWorker, type WorkerProcess } from '../tests/queue/fixtures/worker-process.ts';
import { summarize } from './stats.ts';

function flag(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const figure = (values: number[], d = 1) => {
  const ci = meanCI(values);
  return {
    median: round(summarize(values).median, d),
    mean: round(ci.mean, d),
    ci95: [round(ci.lo, d), round(ci.hi, d)],
    n: ci.n,
  };
};

interface Case {
  plan: EvalPlan;
  warmupPerWorker: number;
}

const CASES: Case[] = [
  { plan: { task: 'push-T', methods: ['expert'], seeds: 24, steps: 10 }, warmupPerWorker: 16 },
  { plan: { task: 'rope-circle', methods: ['expert'], seeds: 6, steps: 2 }, warmupPerWorker: 3 },
];

export default async function bench(args: string[]) {
  const runs = flag(args, '--runs', 3);
  const loadBefore = loadavg();
  const redis = await startRedis();
  const raw = new Redis({ host: '127.0.0.1', port: redis.port });
  let workers: WorkerProcess[] = [];
  const client = await QueueClient.open(redis.url, { pollMs: 1000 });
  const runner = makeQueueRunner(client);
  const start = (n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) => spawnWorker(redis.url, ['--workers', '1'], { cpus: [i % cpus().length] })),
    );
  const stopAll = async () => {
    await Promise.all(workers.map((w) => w.stop()));
    workers = [];
  };
  try {
    const scaling: Record<string, unknown> = {};
    for (const { plan, warmupPerWorker } of CASES) {
      const epm: Record<number, number[]> = {};
      for (const n of [1, 2]) {
        workers = await start(n);
        await runEvaluation({ ...plan, seeds: warmupPerWorker * n, firstSeed: 10_000 }, runner);
        epm[n] = [];
        for (let r = 0; r < runs; r++)
          epm[n].push((await runEvaluation({ ...plan, firstSeed: 100 * r }, runner)).episodesPerMinute);
        await stopAll();
      }
      // Runs r of 1 and 2 workers are paired (same seeds): the ratio's interval is over pairs.
      const ratios = epm[2].map((v, i) => v / epm[1][i]);
      scaling[plan.task] = {
        method: 'expert',
        steps: plan.steps,
        seedsPerRun: plan.seeds,
        episodesPerMinute: { workers1: figure(epm[1]), workers2: figure(epm[2]) },
        workers2vs1: figure(ratios, 2),
        target: 1.6,
        withinTarget: summarize(ratios).median >= 1.6,
      };
    }

    // Fixed cost per job: jobs one at a time, so nothing waits in the queue.
    workers = await start(1);
    const cheap = (seed: number) => ({ task: 'push-T', seed, method: 'random', models: {}, steps: 1, candidates: 8 });
    for (let i = 0; i < 10; i++) await client.submitWithWorker('eval', cheap(20_000 + i), 'warm-up');
    const fixedMs: number[] = [],
      commands: number[] = [];
    const commandsProcessed = async () => Number(/total_commands_processed:(\d+)/.exec(await raw.info('stats'))![1]);
    const jobsPerRun = 30;
    for (let r = 0; r < runs; r++) {
      const c0 = await commandsProcessed();
      let over = 0;
      for (let i = 0; i < jobsPerRun; i++) {
        const t0 = performance.now();
        const reply = await client.submitWithWorker('eval', cheap(30_000 + 100 * r + i), 'fixed cost');
        over += performance.now() - t0 - reply.runMs;
      }
      // The INFO call itself is one command.
      commands.push(((await commandsProcessed()) - c0 - 1) / jobsPerRun);
      fixedMs.push(over / jobsPerRun);
    }
    await stopAll();
    return {
      bench: 'queue',
      runs,
      machine: {
        cores: cpus().length,
        loadAverage1mBefore: round(loadBefore[0], 2),
        loadAverage1mAfter: round(loadavg()[0], 2),
      },
      scaling,
      perJob: {
        jobsPerRun,
        fixedCostMs: figure(fixedMs, 2),
        // Includes the workers' idle polling and the stalled checks over the run's duration.
        redisCommandsPerJob: figure(commands, 1),
      },
    };
  } finally {
    await stopAll();
    raw.disconnect();
    await runner.close();
    await client.close();
    await redis.dispose();
  }
}
