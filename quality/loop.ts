/**
 * `npm run quality -- loop [--task rope-circle|push-T] [--seeds 20] [--labels 300]`: issue 7's
 * acceptance runs. A headless loop with the oracle teacher (rope-circle) or the keep-out teacher
 * (push-T) collects at most --labels labels into a fresh store; then RAS with the final reward
 * model and SL (the policy alone) are evaluated over --seeds seeds with 95 % CIs, including
 * push-T's keep-out violations.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../reward/index.ts';
import { runLoop } from '../pipeline/loop/index.ts';
import { makeLocalPool, runEvaluation } from '../pipeline/eval/index.ts';

function flag(args: string[], name: string, def: string): string {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
}

export default async function (args: string[]): Promise<unknown> {
  const task = flag(args, '--task', 'rope-circle');
  const seeds = Number(flag(args, '--seeds', '20'));
  const labels = Number(flag(args, '--labels', '300'));
  const rounds = Number(flag(args, '--rounds', '3'));
  const teacher = flag(args, '--teacher', task === 'push-T' ? 'keep-out' : 'oracle');
  const dir = mkdtempSync(join(tmpdir(), 'prefsim-quality-loop-'));
  const store = openStore(join(dir, 'loop.db'));
  try {
    const loop = await runLoop(
      store,
      { task, teacher, rounds, queriesPerRound: Math.floor(labels / rounds), selector: flag(args, '--selector', 'disagreement'), evalSeeds: 5 },
      (p) => process.stderr.write(`quality loop: round ${p.round} ${p.phase} ${p.done}/${p.total}\r`),
    );
    process.stderr.write('\n');
    const last = loop.rounds[loop.rounds.length - 1];
    const pool = makeLocalPool(2);
    try {
      const report = await runEvaluation(
        { task, methods: ['sl', 'explicit'], seeds, models: { policy: loop.policyPath, reward: store.getModel(last.modelId)!.path } },
        pool,
        (r, done, total) => process.stderr.write(`quality loop: eval ${done}/${total} (${r.method})\r`),
      );
      process.stderr.write('\n');
      return {
        quality: 'loop', task, teacher, labels: last.labels, rounds: loop.rounds, seeds,
        methods: report.methods.map((m) => ({ method: m.method, final: m.final, successRate: m.successRate, extra: m.extra })),
      };
    } finally {
      await pool.close();
    }
  } finally {
    store.close();
  }
}
