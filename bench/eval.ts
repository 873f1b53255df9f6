/**
 * `npm run bench -- eval [--runs N] [--task ID] [--seeds S]`: episodes per minute of the local
 * evaluation pool with 1 and 2 worker threads (same jobs), medians over N runs, and the ratio
 * (issue 7 target: 2 workers ≥ 1.7× one worker on this 2-core machine).
 */
import { makeLocalPool, runEvaluation } from '../pipeline/eval/index.ts';
import { summarize } from './stats.ts';

function flag(args: string[], name: string, def: string): string {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
}

export default async function (args: string[]): Promise<unknown> {
  const runs = Number(flag(args, '--runs', '3'));
  const task = flag(args, '--task', 'rope-circle');
  // 32 episodes per run: with 16 the last job's tail (one worker idle) costs ~10 % of the run.
  const seeds = Number(flag(args, '--seeds', '16'));
  const plan = { task, methods: ['expert', 'random'], seeds, steps: 6 };
  const epm: Record<number, number[]> = { 1: [], 2: [] };
  for (let r = 0; r < runs; r++) {
    for (const workers of [1, 2]) {
      const pool = makeLocalPool(workers);
      try {
        // Warm the workers (Rapier init, module load) outside the timed run.
        await runEvaluation({ ...plan, seeds: workers, steps: 1 }, pool);
        const rep = await runEvaluation(plan, pool);
        epm[workers].push(rep.episodesPerMinute);
      } finally {
        await pool.close();
      }
      process.stderr.write(`eval bench: run ${r + 1}/${runs}, ${workers} worker(s)\n`);
    }
  }
  const one = summarize(epm[1]),
    two = summarize(epm[2]);
  return {
    bench: 'eval',
    task,
    episodesPerRun: 2 * seeds,
    stepsPerEpisode: 6,
    runs,
    episodesPerMinute: { workers1: one, workers2: two },
    speedup: two.median / one.median,
    target: 1.7,
  };
}
