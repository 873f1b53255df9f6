/**
 * `npm run quality -- stability [--task rope-circle] [--nudges 0.0005,0.001,0.002,0.005] [--metric M]
 *  [--horizon K] [--scenes 15] [--queries 4]`:
 * how stable the oracle's one-step pair label is when both actions move by a few millimetres.
 * Two candidates of the task's default policy are labelled by the true reward after one step; then
 * each action is nudged by N(0, σ²) per horizontal axis of the tool points, 4 times, and
 * relabelled. The agreement bounds the held-out accuracy any reward model can reach if its
 * decisions are smooth at scale σ: a label that flips under a 2 mm nudge cannot be learned from
 * a few hundred examples on a 0.9 m workspace. With `--horizon K` the oracle values each outcome
 * by the return after K further expert steps from it (as `collect --horizon K` does): the one-step
 * reward plus the K expert-step rewards. Flip rates carry n (relabels) and a Wilson 95 % interval.
 */
import { makeRng } from '../core/rng.ts';
import { openCollectPolicy } from '../reward/collect/index.ts';
import { runCandidate } from '../reward/collect/outcome.ts';
import type { Action, Vec3 } from '../sim/types.ts';
import { expertRewardsAfter, getTask, initPhysics, Scene } from '../sim/index.ts';
import { proportion } from '../reward/models/wilson.ts';

function flag(args: string[], name: string, def: string): string {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
}

export default async function (args: string[]): Promise<unknown> {
  const taskId = flag(args, '--task', 'rope-circle');
  const nudges = flag(args, '--nudges', '0.0005,0.001,0.002,0.005').split(',').map(Number);
  const task = getTask(taskId);
  const metric = flag(args, '--metric', task.rewardMetric);
  const horizon = Number(flag(args, '--horizon', '0'));
  const scenes = Number(flag(args, '--scenes', '15')),
    queries = Number(flag(args, '--queries', '4'));
  for (const [name, v] of [
    ['--horizon', horizon],
    ['--scenes', scenes],
    ['--queries', queries],
  ] as const) {
    if (!(Number.isInteger(v) && v >= (name === '--horizon' ? 0 : 1)))
      throw new Error(`${name}: expected an integer, found ${flag(args, name, '')}`);
  }
  if (horizon > 0 && metric !== task.rewardMetric)
    throw new Error(
      `--metric ${metric}: with --horizon the value is the task return, so --metric must be ${task.rewardMetric}`,
    );
  if (nudges.some((n) => !(n >= 0)))
    throw new Error(`--nudges: expected comma-separated metres ≥ 0, found ${flag(args, '--nudges', '')}`);
  await initPhysics();
  const policy = await openCollectPolicy(taskId, 'default');
  const rng = makeRng(7);
  const agree = nudges.map(() => ({ same: 0, n: 0 }));
  let pairs = 0;
  try {
    for (let seed = 0; seed < scenes; seed++) {
      const scene = Scene.create(task, 900 + seed);
      try {
        for (let q = 0; q < queries; q++) {
          const snap = scene.snapshot();
          const obs = scene.observe(128, rng.fork());
          const [a, b] = await policy.policyFor(scene).sample(obs, 2, rng);
          const salt = scene.stepsTaken;
          const value = (x: Action) => {
            const run = runCandidate(scene, snap, x);
            const later = horizon > 0 ? expertRewardsAfter(scene, run.after, horizon, salt) : [];
            return later.reduce((a, b) => a + b, run.metrics[metric]);
          };
          const ra = value(a),
            rb = value(b);
          const next = runCandidate(scene, snap, a).after;
          if (ra !== rb) {
            pairs++;
            nudges.forEach((m, k) => {
              const d = m / obs.scale;
              const nudge = (x: Action): Action => {
                const move = (p: Vec3): Vec3 => [p[0] + rng.normal() * d, p[1] + rng.normal() * d, p[2]];
                return { ...x, p0: move(x.p0), p1: move(x.p1) };
              };
              for (let r = 0; r < 4; r++) {
                const ra2 = value(nudge(a)),
                  rb2 = value(nudge(b));
                if (ra2 === rb2) continue;
                agree[k].n++;
                if (ra2 > rb2 === ra > rb) agree[k].same++;
              }
            });
          }
          scene.restore(next);
        }
      } finally {
        scene.free();
      }
      process.stderr.write(`quality stability: scene ${seed + 1}/${scenes}, ${pairs} decisive pairs\n`);
    }
  } finally {
    await policy.free();
  }
  process.stderr.write('\n');
  return {
    quality: 'stability',
    task: taskId,
    metric,
    horizon,
    policy: policy.source,
    decisivePairs: pairs,
    agreement: Object.fromEntries(
      nudges.map((m, k) => [
        `${m * 1000} mm`,
        {
          relabels: agree[k].n,
          agreement: agree[k].same / agree[k].n,
          flips: proportion(agree[k].n - agree[k].same, agree[k].n),
        },
      ]),
    ),
  };
}
