/**
 * Learned evaluation methods: `sl` (DeformPAM's supervised policy alone: a random one of its N
 * candidates) and RAS with a learned reward (`explicit`, `rapl`, `implicit`: the argmax of the
 * reward over N policy candidates). `rapl` scores each candidate by the OT reward of its rollout
 * from the decision's snapshot (restored afterwards): privileged look-ahead that a real robot
 * would not have. Models come from the job: `policy` (file path or
 * `default`, the task's model in models/) and `reward` (registry id, `latest` or file path,
 * resolved in the store at `db`, default data/prefsim.db or PREFSIM_DB).
 */
import { defaultPolicyPath, openPolicy, type Policy } from '../../policy/index.ts';
import {
  AlignedPolicy,
  defaultDbPath,
  openRewardModel,
  openStore,
  resolveModelSpec,
  type RewardModel,
} from '../../reward/index.ts';
import { lookaheadRollout, RaplRewardModel } from '../../reward/models/index.ts';
import type { Scene } from '../../sim/index.ts';
import type { Action } from '../../sim/types.ts';
import { argmax, candidateReturns, regretOf } from './best-of-n.ts';
import type { EvalJob } from './job.ts';
import type { MethodActor, MethodFactory } from './method-actor.ts';

export async function openJobPolicy(job: EvalJob): Promise<Policy> {
  const ref = job.models.policy ?? 'default';
  return openPolicy(ref === 'default' ? defaultPolicyPath(job.task) : ref, job.task);
}

export async function openJobReward(job: EvalJob, kind: string): Promise<RewardModel> {
  const ref = job.models.reward ?? 'latest';
  if (ref.endsWith('.onnx')) {
    const model = await openRewardModel(ref);
    if (model.kind !== kind) {
      await model.free();
      throw new Error(
        `method ${job.method}: reward ${ref}: field architecture.kind: expected "${kind}", found "${model.kind}"`,
      );
    }
    return model;
  }
  // Resolving an id only reads: a store the user may not write is fine.
  const store = openStore({ path: job.models.db ?? defaultDbPath(), readonly: true });
  try {
    const spec = resolveModelSpec(store, ref, job.task, kind);
    return await openRewardModel(spec.path, spec.id);
  } finally {
    store.close();
  }
}

const sl: MethodFactory = async (job) => {
  const policy = await openJobPolicy(job);
  let last: Action[] = [];
  return {
    act: async (scene, rng) => {
      last = await policy.sample(scene.observe(policy.obsPoints, rng.fork()), job.candidates, rng);
      return last[rng.int(last.length)];
    },
    lastCandidates: () => last,
    free: () => policy.free(),
  } satisfies MethodActor;
};

function ras(kind: string): MethodFactory {
  return async (job) => {
    const policy = await openJobPolicy(job);
    let reward: RewardModel;
    try {
      reward = await openJobReward(job, kind);
    } catch (e) {
      await policy.free();
      throw e;
    }
    const aligned = new AlignedPolicy(policy, reward, { candidates: job.candidates });
    let last: Action[] = [];
    const regrets: number[] = [];
    // RAPL rewards outcomes: candidates are tried from the decision's state, which is then restored.
    let current: Scene | null = null;
    if (reward instanceof RaplRewardModel) reward.setRollout(lookaheadRollout(() => current!, reward.config, job.seed));
    return {
      act: async (scene, rng) => {
        current = scene;
        const d = await aligned.decide(scene.observe(policy.obsPoints, rng.fork()), rng);
        // The argmax draws nothing; draw as sl does, so every method's candidate stream stays
        // aligned with sl's and oracle's (at N = 1 all three execute the same actions).
        rng.int(d.candidates.length);
        last = d.candidates;
        if (job.regret) regrets.push(regretOf(candidateReturns(scene, d.candidates), d.index));
        return d.action;
      },
      lastCandidates: () => last,
      extra: (): Record<string, number> =>
        regrets.length ? { regret: regrets.reduce((a, b) => a + b, 0) / regrets.length } : {},
      free: async () => {
        await policy.free();
        await reward.free();
      },
    } satisfies MethodActor;
  };
}

/**
 * The best-of-N ceiling: the policy's N candidates (drawn as `sl` draws them) are each run from
 * the decision's snapshot, and the one with the best true return is executed. Privileged.
 */
const oracle: MethodFactory = async (job) => {
  const policy = await openJobPolicy(job);
  let last: Action[] = [];
  return {
    act: async (scene, rng) => {
      last = await policy.sample(scene.observe(policy.obsPoints, rng.fork()), job.candidates, rng);
      // Draw as sl does, so the candidate streams stay aligned with sl's at every decision.
      rng.int(last.length);
      return last[argmax(candidateReturns(scene, last))];
    },
    lastCandidates: () => last,
    free: () => policy.free(),
  } satisfies MethodActor;
};

/** The learned methods by id (pipeline/eval/methods.ts joins them to the plain ones). */
export const LEARNED_METHODS = {
  sl,
  oracle,
  explicit: ras('explicit'),
  implicit: ras('implicit'),
  rapl: ras('rapl'),
} as const satisfies Record<string, MethodFactory>;
