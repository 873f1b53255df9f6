/**
 * `npm run bench -- loop [--rounds R] [--queries Q] [--eval-seeds S] [--runs N] [--threads T]
 * [--teacher SPEC] [--no-warm-start]`: the headless loop of issue 21 in this process on a fresh
 * store per run: wall-clock, CPU share (process CPU over wall, all threads; 200 % = both cores),
 * wall and CPU seconds per stage, and the final RAS and SL metrics, as medians over N runs.
 * Defaults are the command: push-T, keep-out ranking teacher, 3 rounds × 100 queries, 20 seeds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoop, type LoopProgress } from '../pipeline/loop/index.ts';
import { openStore } from '../reward/index.ts';
import { summarize } from './stats.ts';

function flag(args: string[], name: string, def: string): string {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** One loop run: seconds of wall and CPU per stage name ("policy", "collect", "train", "eval"). */
async function oneRun(cfg: Parameters<typeof runLoop>[1], threads: number | undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'prefsim-bench-loop-'));
  const store = openStore(join(dir, 'bench.db'));
  const stages: Record<string, { wall: number; cpu: number }> = {};
  let phase = '',
    t = performance.now(),
    c = cpuSeconds();
  const close = () => {
    if (!phase) return;
    const s = (stages[phase] ??= { wall: 0, cpu: 0 });
    s.wall += (performance.now() - t) / 1000;
    s.cpu += cpuSeconds() - c;
  };
  const onProgress = (p: LoopProgress) => {
    if (p.phase === phase) return;
    close();
    phase = p.phase;
    t = performance.now();
    c = cpuSeconds();
    process.stderr.write(`loop bench: round ${p.round} ${p.phase}\n`);
  };
  const t0 = performance.now(),
    c0 = cpuSeconds();
  try {
    const r = await runLoop(store, cfg, { onProgress, threads });
    close();
    const wall = (performance.now() - t0) / 1000,
      cpu = cpuSeconds() - c0;
    const models = r.rounds.map((s) => store.getModel(s.modelId)!.metrics as Record<string, number | null>);
    return {
      wall,
      cpu,
      stages,
      slFinal: r.slFinal,
      rasFinal: r.rounds[r.rounds.length - 1].rasFinal,
      rounds: r.rounds.map((s, i) => ({
        round: s.round,
        labels: s.labels,
        epochsUsed: s.epochsUsed,
        labelAccuracy: s.labelAccuracy,
        labelPairs: s.labelPairs,
        heldOutPairs: models[i].heldOutPairs,
        trainPairs: models[i].trainPairs,
        validationPairs: models[i].validationPairs,
        rasFinal: s.rasFinal,
      })),
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function (args: string[]): Promise<unknown> {
  const runs = Number(flag(args, '--runs', '1'));
  const threadsFlag = flag(args, '--threads', '');
  const threads = threadsFlag ? Number(threadsFlag) : undefined;
  const cfg = {
    task: 'push-T',
    teacher: flag(args, '--teacher', 'keep-out:kind=ranking,equalWithin=0'),
    rounds: Number(flag(args, '--rounds', '3')),
    queriesPerRound: Number(flag(args, '--queries', '100')),
    evalSeeds: Number(flag(args, '--eval-seeds', '20')),
    warmStart: !args.includes('--no-warm-start'),
  };
  const results: Awaited<ReturnType<typeof oneRun>>[] = [];
  for (let i = 0; i < runs; i++) results.push(await oneRun(cfg, threads));
  const names = [...new Set(results.flatMap((r) => Object.keys(r.stages)))];
  return {
    bench: 'loop',
    config: cfg,
    threads: threads ?? 'all cores',
    runs,
    wallSeconds: summarize(results.map((r) => r.wall)),
    cpuShare: summarize(results.map((r) => r.cpu / r.wall)),
    stages: Object.fromEntries(
      names.map((n) => [
        n,
        {
          wallSeconds: summarize(results.map((r) => r.stages[n]?.wall ?? 0)),
          cpuSeconds: summarize(results.map((r) => r.stages[n]?.cpu ?? 0)),
        },
      ]),
    ),
    slFinal: results.map((r) => r.slFinal),
    rasFinal: results.map((r) => r.rasFinal),
    rounds: results.map((r) => r.rounds),
    targets: {
      wallSeconds: 180,
      cpuShare: 1.7,
      baseline: { wallSeconds: 1040, cpuShare: 1.01, slFinal: 0.343, rasFinal: 0.512 },
    },
  };
}
