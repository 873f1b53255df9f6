/**
 * `npm run bench -- reward`: reward-model speed, one ORT thread, medians with min/max.
 * - explicit: scoring 8 candidates of one 512-point observation (target ≤ 5 ms);
 * - implicit: Diffusion-DPO reward of 8 candidates at M = 100 draws, one ONNX run, from the
 *   rope-circle default policy (target ≤ 60 ms);
 * - rapl: dense OT reward of a 45-frame rollout against 6 demos (target ≤ 20 ms), and the OT alone on
 *   the wide Euclidean costs of a trained encoder (`raplOtWide45x6`, same target);
 * - training throughput: explicit pairs/s (single, ensemble of 5, CRM), implicit DPO pairs/s, RAPL triplets/s.
 */
import { makeRng, type Rng } from '../core/rng.ts';
import { defaultPolicyPath } from '../policy/index.ts';
import {
  costMatrix,
  implicitPairs,
  makePairData,
  otRewards,
  sinkhorn,
  trainExplicit,
  trainImplicit,
  trainRapl,
  type Trajectory,
  type TrajectoryTriplet,
} from '../reward/models/index.ts';
import type { Action } from '../sim/types.ts';
import { summarize, timeRuns } from './stats.ts';

function cloud(rng: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n * 3 }, () => rng.uniform(-1, 1));
}
function action(rng: Rng): Action {
  return {
    primitive: 'pick_place',
    p0: [rng.uniform(-1, 1), rng.uniform(-1, 1), 0],
    p1: [rng.uniform(-1, 1), rng.uniform(-1, 1), 0],
  };
}
function trajectory(rng: Rng, t: number, n: number): Trajectory {
  return { points: cloud(rng, t * n), tool: cloud(rng, t), frames: t, n };
}

/**
 * The OT half of RAPL's reward where it is slow: the costs of a trained encoder, whose frame
 * embeddings spread far apart (random walks in 32 dims here, Euclidean cost range ≈ 100–250 at
 * ε = 1), so the plan is nearly a matching. The untrained bench encoder's costs span only ≈ 5.
 */
function wideOt(rng: Rng) {
  const walk = () => {
    const x = new Float32Array(45 * 32);
    for (let i = 1; i < 45; i++) for (let k = 0; k < 32; k++) x[i * 32 + k] = x[(i - 1) * 32 + k] + 3 * rng.normal();
    return x;
  };
  const rollout = walk(),
    demos = Array.from({ length: 6 }, walk);
  const costs = demos.map((d) => costMatrix('euclidean', rollout, d, 32));
  const iterations = costs.map((c) => sinkhorn(c, 45, 45).iterations);
  const range = Math.max(...costs.map((c) => Math.max(...c) - Math.min(...c)));
  const run = () => {
    for (const d of demos) {
      const c = costMatrix('euclidean', rollout, d, 32);
      otRewards(c, sinkhorn(c, 45, 45).plan, 45, 45);
    }
  };
  return { run, range, iterations };
}

export default async function (): Promise<unknown> {
  const rng = makeRng(0);
  const states = Array.from({ length: 50 }, () => cloud(rng, 256));
  const pairs = Array.from({ length: 400 }, () => ({
    state: rng.int(50),
    a: action(rng),
    b: action(rng),
    y: rng.next() < 0.5 ? 1 : 0,
  }));
  const data = makePairData(states, pairs);

  const single = await trainExplicit(data, { epochs: 5 });
  const obs = { points: cloud(rng, 512), center: [0, 0, 0] as [number, number, number], scale: 1 };
  const cands = Array.from({ length: 8 }, () => action(rng));
  const explicitScore = await timeRuns(() => single.model.score(obs, cands), 200, 20);
  await single.model.free();
  const ens = await trainExplicit(data, { epochs: 3, ensemble: 5 });
  const ensembleScore = await timeRuns(() => ens.model.score(obs, cands), 100, 10);
  await ens.model.free();
  const crm = await trainExplicit(data, { epochs: 3, robust: 'crm' });
  await crm.model.free();

  // Implicit: fine-tune the rope-circle default policy for one epoch on the same pairs, then score.
  const observations = states.map((points) => ({ points, center: [0, 0, 0] as [number, number, number], scale: 1 }));
  const imp = await trainImplicit(implicitPairs(observations, data), defaultPolicyPath('rope-circle'), {
    epochs: 1,
    draws: 100,
  });
  const implicitScore = await timeRuns(() => imp.model.score(obs, cands), 100, 10);
  await imp.model.free();

  // RAPL trains on as many frames as it scores (45, the paper's count).
  const triplets: TrajectoryTriplet[] = Array.from({ length: 30 }, () => ({
    pos: trajectory(rng, 45, 48),
    neu: trajectory(rng, 45, 48),
    neg: trajectory(rng, 45, 48),
    y: 1,
  }));
  const demos = Array.from({ length: 6 }, () => trajectory(rng, 45, 48));
  const rapl = await trainRapl(triplets, { epochs: 3 }, { demos });
  const rollout = trajectory(rng, 45, 48);
  const raplReward = await timeRuns(() => rapl.model.rewardOf(rollout), 50, 5);
  await rapl.model.free();
  const wide = wideOt(rng);

  const singleRates = [single.pairsPerSecond];
  return {
    threads: 1,
    explicitScore8: { ms: explicitScore, targetMs: 5, points: 128, candidates: 8 },
    explicitEnsemble5Score8: { ms: ensembleScore },
    implicitScore8M100: {
      ms: implicitScore,
      targetMs: 60,
      candidates: 8,
      draws: 100,
      points: 256,
      policy: 'models/policy-rope-circle.onnx',
      onnxRuns: 1,
    },
    raplReward45x6: { ms: raplReward, targetMs: 20, frames: 45, demos: 6 },
    raplOtWide45x6: {
      ms: await timeRuns(wide.run, 30, 3),
      targetMs: 20,
      frames: 45,
      demos: 6,
      costRange: wide.range,
      iterations: wide.iterations,
    },
    trainingPairsPerSecond: {
      explicit: summarize(singleRates).median,
      explicitEnsemble5: ens.pairsPerSecond,
      explicitCrm: crm.pairsPerSecond,
      implicitDpo: imp.pairsPerSecond,
      raplTripletsPerSecond: rapl.tripletsPerSecond,
    },
  };
}
