/**
 * `npm run bench -- policy [--quick] [--policy FILE]`: decision latency of the diffusion policy,
 * one intra-op thread: the encoder once, then one denoiser run per step for all N candidates,
 * plus denormalising and the workspace clamp (`policy.sample`). N = 8 and 64, DDIM-10 and
 * DDIM-100 (η = 1). Medians with min/max (bench/stats.ts). Targets (issue 4): N = 8 DDIM-10
 * ≤ 10 ms, N = 8 DDIM-100 ≤ 40 ms. Uses the default push-T model unless --policy is given
 * (latency does not depend on the weights, only on the architecture).
 */
import { loadavg } from 'node:os';
import { makeRng } from '../core/rng.ts';
import { defaultPolicyPath, DiffusionPolicy } from '../policy/index.ts';
import { getTask, initPhysics, Scene } from '../sim/index.ts';
import { timeRuns } from './stats.ts';

const TARGETS: Record<string, number> = { 'N8-ddim10': 10, 'N8-ddim100': 40 };

export default async function bench(args: string[]): Promise<object> {
  const quick = args.includes('--quick');
  const pi = args.indexOf('--policy');
  const file = pi >= 0 ? args[pi + 1] : defaultPolicyPath('push-T');
  const loadBefore = loadavg()[0];
  await initPhysics();
  const policy = await DiffusionPolicy.open(file, { threads: 1 });
  const scene = Scene.create(getTask(policy.task), 0);
  try {
    const obs = scene.observe(policy.points, makeRng(0));
    const rng = makeRng(1);
    const results: Record<string, object> = {};
    for (const n of [8, 64]) {
      for (const steps of [10, 100]) {
        const key = `N${n}-ddim${steps}`;
        const runs = quick ? 5 : steps === 10 ? 40 : 15;
        const ms = await timeRuns(
          () => policy.sampleWith(obs, n, rng, { sampler: { kind: 'ddim', steps, eta: 1 } }),
          runs,
          3,
        );
        results[key] = {
          n,
          steps,
          ms,
          ...(TARGETS[key] ? { targetMs: TARGETS[key], meetsTarget: ms.median <= TARGETS[key] } : {}),
        };
      }
    }
    const encoderOnly = await timeRuns(
      () => policy.sampleWith(obs, 1, rng, { sampler: { kind: 'ddim', steps: 1 } }),
      quick ? 5 : 40,
      3,
    );
    return {
      bench: 'policy',
      unit: 'ms per decision (encoder + sampling)',
      threads: 1,
      model: file,
      task: policy.task,
      points: policy.points,
      network: policy.architecture.network,
      latency: results,
      encoderPlusOneStep: encoderOnly,
      // The 2 cores are shared: 1-minute load averages around the run, to read the medians by.
      loadAverage1m: { before: +loadBefore.toFixed(2), after: +loadavg()[0].toFixed(2) },
    };
  } finally {
    scene.free();
    await policy.free();
  }
}
