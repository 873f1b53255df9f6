/**
 * `npm run quality -- loop [--task rope-circle|push-T] [--seeds 20] [--labels 300]`: issue 7's
 * acceptance runs. A headless loop with the oracle teacher (rope-circle) or the keep-out teacher
 * (push-T) collects at most --labels labels into a fresh store; then RAS with the final reward
 * model and SL (the policy alone) are evaluated over --seeds seeds with 95 % CIs, including
 * push-T's keep-out violations.
 * `--teacher ranking:equalWithin=0` gives DeformPAM elimination rankings over K = 8 candidates
 * (one label = one ranking, expanded into up to 28 pairs); `--rounds`, `--selector`,
 * `--ensemble`, `--epochs` and `--seed` pass through to the loop. The result holds the training
 * pairs of the last round and the RAS − SL difference paired by seed, with its 95 % CI.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../reward/index.ts';
import { getTask } from '../sim/index.ts';
import { runLoop } from '../pipeline/loop/index.ts';
import { makeLocalPool, meanCI, runEvaluation } from '../pipeline/eval/index.ts';

function flag(args: string[], name: string, def: string): string {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
}

export default async function (args: string[]): Promise<unknown> {
  const task = flag(args, '--task', 'rope-circle');
  const seeds = Number(flag(args, '--seeds', '20'));
  const labels = Number(flag(args, '--labels', '300'));
  const rounds = Number(flag(args, '--rounds', '3'));
  // A task with a keep-out box (push-T) is taught by the keep-out teacher, which respects it.
  const teacher = flag(args, '--teacher', getTask(task).keepOut ? 'keep-out' : 'oracle');
  const dir = mkdtempSync(join(tmpdir(), 'prefsim-quality-loop-'));
  const store = openStore(join(dir, 'loop.db'));
  try {
    const loop = await runLoop(
      store,
      {
        task,
        teacher,
        rounds,
        queriesPerRound: Math.floor(labels / rounds),
        selector: flag(args, '--selector', 'disagreement'),
        evalSeeds: 5,
        ensemble: Number(flag(args, '--ensemble', '3')),
        seed: Number(flag(args, '--seed', '0')),
        ...(args.includes('--epochs') ? { epochs: Number(flag(args, '--epochs', '40')) } : {}),
      },
      (p) => process.stderr.write(`quality loop: round ${p.round} ${p.phase} ${p.done}/${p.total}\r`),
    );
    process.stderr.write('\n');
    const last = loop.rounds[loop.rounds.length - 1];
    const pool = makeLocalPool(2);
    try {
      const report = await runEvaluation(
        {
          task,
          methods: ['sl', 'explicit'],
          seeds,
          models: { policy: loop.policyPath, reward: store.getModel(last.modelId)!.path },
        },
        pool,
        (r, done, total) => process.stderr.write(`quality loop: eval ${done}/${total} (${r.method})\r`),
      );
      process.stderr.write('\n');
      // Paired by seed (same initial state): RAS − SL per seed, mean with a 95 % Student-t CI.
      const finalOf = (method: string, seed: number) =>
        report.results.find((r) => r.method === method && r.seed === seed)!.final;
      const diffs = Array.from({ length: seeds }, (_, s) => finalOf('explicit', s) - finalOf('sl', s));
      return {
        quality: 'loop',
        task,
        teacher,
        labels: last.labels,
        trainPairs: store.trainingPairs(task).length,
        rounds: loop.rounds,
        seeds,
        methods: report.methods.map((m) => ({
          method: m.method,
          final: m.final,
          successRate: m.successRate,
          extra: m.extra,
        })),
        rasMinusSl: {
          ...meanCI(diffs),
          rasWins: diffs.filter((d) => d > 0).length,
          ties: diffs.filter((d) => d === 0).length,
        },
      };
    } finally {
      await pool.close();
    }
  } finally {
    store.close();
  }
}
