/**
 * `ImplicitRewardModel`: the Diffusion-DPO implicit reward (METHODS §4, DeformPAM) behind the
 * `RewardModel` interface. r(a) = −β · mean over M draws of [e_θ(a) − e_ref(a)], with t drawn
 * from the least-noisy tenth of the schedule (t < T/10) and ε shared by every candidate; all
 * K candidates × M draws are one ONNX run (encoders once). The draws are fixed by the config's
 * seed, so a state and candidate always score the same. Candidates still come from the
 * reference policy; this model only ranks them.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { makeRng, seedFor } from '../../core/rng.ts';
import { loadCheckpoint, openModel, tensor, type Checkpoint, type InferenceModel } from '../../nn/index.ts';
import {
  ACTION_DIM,
  actionsToRows,
  makeNoiseSchedule,
  normaliseRows,
  parseArchitecture,
  type NoiseSchedule,
  type PolicyArchitecture,
} from '../../policy/index.ts';
import { worldOrigin } from '../../sim/observation/index.ts';
import type { Action, Observation } from '../../sim/types.ts';
import { parseImplicitConfig, type ImplicitConfig } from './implicit-config.ts';
import { IMPLICIT_IO } from './implicit-network.ts';
import { samplePointsInto } from './features.ts';
import type { RewardModel } from './reward-model.ts';

/** Seed of the fixed point subsample used when scoring, so a state always scores the same. */
const SCORE_SEED = 12345;

/** The scorer's M Monte-Carlo draws: t_m ∈ [0, ⌈tFraction·T⌉) and ε_m ~ N(0, I). */
export interface ImplicitDraws {
  /** [M] integer steps. */
  t: Int32Array;
  /** [M, 6]. */
  eps: Float32Array;
}

/** Draws M (t, ε) pairs from the config's seed (pure). */
export function implicitDraws(
  schedule: NoiseSchedule,
  cfg: Pick<ImplicitConfig, 'draws' | 'tFraction' | 'seed'>,
): ImplicitDraws {
  const rng = makeRng(seedFor.implicitDraws(cfg.seed));
  const tMax = Math.max(1, Math.floor(schedule.steps * cfg.tFraction));
  const t = Int32Array.from({ length: cfg.draws }, () => rng.int(tMax));
  const eps = Float32Array.from({ length: cfg.draws * ACTION_DIM }, () => rng.normal());
  return { t, eps };
}

/** Points [P, 3] and origin [3] the policy's encoder expects for `obs`. */
export function encoderInputs(
  obs: Observation,
  points: number,
  rngSeed = SCORE_SEED,
): { points: Float32Array; origin: Float32Array } {
  const pts = new Float32Array(points * 3);
  samplePointsInto(obs.points, points, makeRng(rngSeed), pts);
  const origin = new Float32Array(worldOrigin(obs));
  return { points: pts, origin };
}

export class ImplicitRewardModel implements RewardModel {
  readonly kind = 'implicit' as const;
  readonly schedule: NoiseSchedule;
  readonly draws: ImplicitDraws;

  constructor(
    readonly id: string,
    private readonly session: InferenceModel,
    /** The reference policy's architecture (network, schedule, action normaliser). */
    readonly policy: PolicyArchitecture,
    readonly config: ImplicitConfig,
    /** Checkpoint ONNX bytes (what `save` writes). */
    readonly bytes: Uint8Array,
    /** False for a `withScoring` view: the session belongs to the model it came from. */
    private readonly ownsSession = true,
  ) {
    this.schedule = makeNoiseSchedule(policy.schedule);
    this.draws = implicitDraws(this.schedule, config);
  }

  /**
   * The same θ and ref scored over t < tFraction·T: a view sharing this model's session (freeing
   * the view frees nothing; free this model after its views).
   */
  withScoring(tFraction: number): ImplicitRewardModel {
    const config = parseImplicitConfig({ ...this.config, tFraction });
    return new ImplicitRewardModel(`${this.id}@t<${tFraction}T`, this.session, this.policy, config, this.bytes, false);
  }

  /** Opens a checkpoint written by `save` / `trainImplicit`. */
  static async fromCheckpoint(ckpt: Checkpoint, id: string): Promise<ImplicitRewardModel> {
    const arch = ckpt.meta.architecture as { kind?: unknown; config?: unknown; policy?: unknown };
    if (arch.kind !== 'implicit')
      throw new Error(
        `implicit reward: checkpoint field architecture.kind: expected "implicit", found ${JSON.stringify(arch.kind)}`,
      );
    const policy = parseArchitecture(arch.policy, 'implicit reward: checkpoint field architecture.policy');
    return new ImplicitRewardModel(
      id,
      await openModel(ckpt.bytes),
      policy,
      parseImplicitConfig(arch.config as object),
      ckpt.bytes,
    );
  }

  static async load(path: string, id = path): Promise<ImplicitRewardModel> {
    return ImplicitRewardModel.fromCheckpoint(loadCheckpoint(path), id);
  }

  /** Writes the checkpoint atomically. */
  save(path: string): void {
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, this.bytes);
    renameSync(tmp, path);
  }

  /** Task of the reference policy. */
  get task(): string {
    return this.policy.task;
  }

  /**
   * e_θ − e_ref for K candidates × M draws, one run: d [K, M].
   * @param rows [K, 6] candidates in the policy's [-1, 1] action space
   */
  async errorDiffs(obs: Observation, rows: Float32Array): Promise<Float32Array> {
    const k = rows.length / ACTION_DIM,
      m = this.config.draws;
    const { t, eps } = this.draws;
    const noisy = new Float32Array(k * m * ACTION_DIM); // [K, M, 6]
    for (let j = 0; j < m; j++) {
      const ab = this.schedule.alphaBars[t[j]],
        sa = Math.sqrt(ab),
        sn = Math.sqrt(1 - ab);
      for (let i = 0; i < k; i++) {
        const o = (i * m + j) * ACTION_DIM;
        for (let c = 0; c < ACTION_DIM; c++)
          noisy[o + c] = sa * rows[i * ACTION_DIM + c] + sn * eps[j * ACTION_DIM + c];
      }
    }
    const enc = encoderInputs(obs, this.policy.network.points);
    const out = await this.session.run({
      [IMPLICIT_IO.points]: tensor(enc.points, [1, this.policy.network.points, 3]),
      ...(this.policy.network.originInput ? { [IMPLICIT_IO.origin]: tensor(enc.origin, [1, 3]) } : {}),
      [IMPLICIT_IO.noisy]: tensor(noisy, [k, m, ACTION_DIM]),
      [IMPLICIT_IO.eps]: tensor(eps, [m, ACTION_DIM]),
      [IMPLICIT_IO.t]: tensor(Float32Array.from(t), [m]),
    });
    return out[IMPLICIT_IO.d].data as Float32Array;
  }

  /** r(a_k) = −β · mean_m d[k, m]: [K]. */
  async score(obs: Observation, actions: Action[]): Promise<Float32Array> {
    const k = actions.length,
      m = this.config.draws;
    if (k === 0) return new Float32Array(0);
    const d = await this.errorDiffs(obs, normaliseRows(actionsToRows(actions), this.policy.actionRange));
    const r = new Float32Array(k);
    for (let i = 0; i < k; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += d[i * m + j];
      r[i] = (-this.config.beta * s) / m;
    }
    return r;
  }

  free(): Promise<void> {
    return this.ownsSession ? this.session.free() : Promise.resolve();
  }
}
