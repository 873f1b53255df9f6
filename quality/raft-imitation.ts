/**
 * `npm run quality -- raft-imitation --task T --base P --raft Q [--states 48] [--n 16] [--episode-steps 4]`:
 * why a RAFT step helps SL or not (issue 19 §2), one decision at a time. On M held-out states
 * (roll-in episodes from seeds 850000+, apart from RAFT's 800000+ and evaluation's 900000+,
 * each reached by executing the base policy's first candidate), N candidates of the base and N
 * of the RAFT policy are each run from the state (privileged) for their true one-step return.
 * Per state: the base's mean candidate, its best of N (what RAFT with the true return keeps,
 * the ceiling of what imitation can reach), and the RAFT policy's mean candidate. Reports the
 * means over states with 95 % t intervals, the paired gains raft − base and best − base, and
 * `reproduced` = (raft − base) / (best − base): the share of the kept candidates' advantage the
 * fine-tuned policy's average candidate reproduces.
 */
import { makeRng } from '../core/rng.ts';
import { candidateReturns, meanCI } from '../pipeline/eval/index.ts';
import { DiffusionPolicy } from '../policy/index.ts';
import { getTask, initPhysics, Scene } from '../sim/index.ts';

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

export default async function (args: string[]): Promise<unknown> {
  const flag = (name: string, dflt?: string) => {
    const v = args.includes(name) ? args[args.indexOf(name) + 1] : dflt;
    if (v === undefined) throw new Error(`quality raft-imitation: ${name} is required`);
    return v;
  };
  const task = getTask(flag('--task'));
  const M = Number(flag('--states', '48')),
    N = Number(flag('--n', '16')),
    E = Number(flag('--episode-steps', '4'));
  await initPhysics();
  const base = await DiffusionPolicy.open(flag('--base'));
  const raft = await DiffusionPolicy.open(flag('--raft'));
  const rows: { base: number; best: number; raft: number }[] = [];
  try {
    const rng = makeRng(8501);
    for (let e = 0; rows.length < M; e++) {
      const scene = Scene.create(task, 850_000 + e);
      try {
        for (let s = 0; s < E && rows.length < M && !scene.succeeded(); s++) {
          const obs = scene.observe(base.points, rng.fork());
          const noise = rng.fork();
          // The same noise for both: the difference is the fine-tune, not the draw.
          const b = await base.sample(obs, N, makeRng(noise.int(2 ** 31)));
          const q = await raft.sample(obs, N, makeRng(noise.int(2 ** 31)));
          const rb = candidateReturns(scene, b),
            rq = candidateReturns(scene, q);
          rows.push({ base: mean(rb), best: Math.max(...rb), raft: mean(rq) });
          scene.apply(b[0]);
        }
      } finally {
        scene.free();
      }
    }
  } finally {
    await Promise.all([base.free(), raft.free()]);
  }
  const col = (f: (r: (typeof rows)[number]) => number) => meanCI(rows.map(f));
  const raftGain = col((r) => r.raft - r.base),
    bestGain = col((r) => r.best - r.base);
  return {
    quality: 'raft-imitation',
    task: task.id,
    measured: 'true one-step return of candidates from the same states (privileged look-ahead)',
    states: M,
    candidates: N,
    stateSeeds: '850000 + episode',
    base: col((r) => r.base),
    bestOfN: col((r) => r.best),
    raft: col((r) => r.raft),
    raftGain,
    bestGain,
    reproduced: raftGain.mean / bestGain.mean,
  };
}
