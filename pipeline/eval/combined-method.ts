/**
 * `combined`: RAS with the sum of two rewards' log σ(r − r_ref) transforms (issue 19 §4). Job
 * models: `reward` (e.g. task progress) and `reward2` (e.g. a style preference such as the
 * push-T keep-out teacher's), each a file path or registry id / `latest` of any kind, and
 * `lambda` ∈ [0, 1] weighting them (λ, 1 − λ); the default 0.5 ranks as the plain sum.
 * `prefsim eval --tradeoff` sweeps λ for the two-axis trade-off.
 */
import {
  CombinedReward,
  defaultDbPath,
  openRewardModel,
  openStore,
  resolveModelSpec,
  sceneScorer,
  selectIndex,
  tradeoffWeights,
  type RewardModel,
} from '../../reward/index.ts';
import type { Scene } from '../../sim/index.ts';
import type { Action } from '../../sim/types.ts';
import type { EvalJob } from './job.ts';
import { openJobPolicy } from './learned-methods.ts';
import type { MethodActor, MethodFactory } from './method-actor.ts';

async function openAny(job: EvalJob, role: 'reward' | 'reward2'): Promise<RewardModel> {
  const ref = job.models[role];
  if (!ref) throw new Error(`method combined: needs models.${role} (--reward and --reward2)`);
  if (ref.endsWith('.onnx')) return openRewardModel(ref);
  const store = openStore(job.models.db ?? defaultDbPath());
  try {
    const spec = resolveModelSpec(store, ref, job.task);
    return await openRewardModel(spec.path, spec.id);
  } finally {
    store.close();
  }
}

const combined: MethodFactory = async (job) => {
  const lambda = Number(job.models.lambda ?? '0.5');
  const weights = tradeoffWeights(lambda);
  const policy = await openJobPolicy(job);
  const opened: RewardModel[] = [];
  try {
    for (const role of ['reward', 'reward2'] as const) opened.push(await openAny(job, role));
  } catch (e) {
    await Promise.all([policy.free(), ...opened.map((m) => m.free())]);
    throw e;
  }
  // RAPL members score rollouts from the decision's scene (restored after each try).
  let current: Scene | null = null;
  const members: RewardModel[] = opened.map((m) => {
    const score = sceneScorer(m, job.seed);
    return { id: m.id, score: (obs, actions) => score(current!, obs, actions), free: () => m.free() };
  });
  const reward = new CombinedReward(members, weights);
  let last: Action[] = [];
  return {
    act: async (scene, rng) => {
      current = scene;
      const obs = scene.observe(policy.obsPoints, rng.fork());
      last = await policy.sample(obs, job.candidates, rng);
      return last[selectIndex(await reward.score(obs, last), rng)];
    },
    lastCandidates: () => last,
    free: async () => {
      await Promise.all([policy.free(), reward.free()]);
    },
  } satisfies MethodActor;
};

/** The combined-objective method, for the static method table (methods.ts). */
export const COMBINED_METHODS: Readonly<Record<string, MethodFactory>> = { combined };
