/**
 * `npm run quality -- guidance --task T --reward IMPLICIT.onnx [--seeds 20] [--weights 0,0.5,1,1.5,2] [--n 8] [--steps
 * S]`:
 * issue 19 §3's RLG sweep. For each guidance scale w, the guided policy
 * ε = ε_ref + w (ε_θ − ε_ref) of the implicit (Diffusion-DPO) reward is run as SL (a random one of
 * its N candidates executed, no reward at inference) over the same seeds 0…S−1 with the same
 * actor streams, so w = 0 is the reference policy's SL and w = 1 the fine-tuned policy's.
 * Reports per w: mean final metric (95 % t interval), median (95 % bootstrap interval), success
 * rate, and the paired per-seed difference to w = 0 (mean, 95 % t interval, seeds better).
 */
import { GuidedPolicy } from '../policy/index.ts';
import { getTask, initPhysics, runEpisode, Scene, type Actor } from '../sim/index.ts';
import { makeRng } from '../core/rng.ts';
import { meanCI } from '../pipeline/eval/index.ts';

function medianCI(xs: number[], seed = 0): { median: number; lo: number; hi: number; n: number } {
  const med = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b),
      m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  const rng = makeRng(seed),
    boot: number[] = [];
  for (let b = 0; b < 2000; b++) boot.push(med(xs.map(() => xs[rng.int(xs.length)])));
  boot.sort((a, b) => a - b);
  return {
    median: med(xs),
    lo: boot[Math.floor(0.025 * boot.length)],
    hi: boot[Math.floor(0.975 * boot.length)],
    n: xs.length,
  };
}

function slActor(policy: GuidedPolicy, k: number): Actor {
  return async (scene, rng) => {
    const cands = await policy.sample(scene.observe(policy.points, rng.fork()), k, rng);
    return cands[rng.int(cands.length)];
  };
}

export default async function (args: string[]): Promise<unknown> {
  const flag = (name: string, dflt?: string) => {
    const v = args.includes(name) ? args[args.indexOf(name) + 1] : dflt;
    if (v === undefined) throw new Error(`quality guidance: ${name} is required`);
    return v;
  };
  const taskId = flag('--task'),
    reward = flag('--reward');
  const seeds = Number(flag('--seeds', '20')),
    k = Number(flag('--n', '8'));
  const weights = flag('--weights', '0,0.5,1,1.5,2').split(',').map(Number);
  if (weights.some((w) => !Number.isFinite(w)))
    throw new Error(`quality guidance: --weights: expected numbers, got ${flag('--weights')}`);
  const task = getTask(taskId),
    metric = task.rewardMetric;
  const steps = Number(flag('--steps', String(task.maxSteps)));
  await initPhysics();
  const finals = new Map<number, number[]>(),
    success = new Map<number, number>();
  for (const w of weights) {
    const policy = await GuidedPolicy.open(reward, { guidance: w });
    if (policy.task !== task.id)
      throw new Error(`quality guidance: ${reward} is a reward of task ${policy.task}, not ${task.id}`);
    const f: number[] = [];
    let wins = 0;
    try {
      for (let seed = 0; seed < seeds; seed++) {
        const scene = Scene.create(task, seed);
        try {
          const r = await runEpisode(scene, slActor(policy, k), { steps, actorSeed: 7919 + seed });
          f.push(r.final[metric]);
          wins += r.success ? 1 : 0;
        } finally {
          scene.free();
        }
        process.stderr.write(`quality guidance: ${task.id} w=${w} seed ${seed + 1}/${seeds}\n`);
      }
    } finally {
      await policy.free();
    }
    finals.set(w, f);
    success.set(w, wins / seeds);
  }
  const base = finals.get(0) ?? null;
  const rows = weights.map((w) => {
    const f = finals.get(w)!;
    const d = base ? f.map((x, i) => x - base[i]) : null;
    return {
      w,
      final: meanCI(f),
      median: medianCI(f, 1),
      successRate: success.get(w)!,
      ...(d
        ? {
            minusW0: {
              ...meanCI(d),
              betterSeeds: d.filter((x) => x > 0).length,
              worseSeeds: d.filter((x) => x < 0).length,
            },
          }
        : {}),
    };
  });
  return {
    quality: 'guidance',
    task: task.id,
    metric,
    reward,
    seeds,
    seedRange: [0, seeds - 1],
    candidates: k,
    steps,
    note:
      'SL of the RLG-guided policy eps_ref + w (eps_theta - eps_ref): w = 0 is the reference policy, w = 1 ' +
      'the DPO fine-tune; same seeds and actor streams for every w',
    weights: rows,
  };
}
