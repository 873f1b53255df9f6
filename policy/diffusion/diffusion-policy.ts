/**
 * A trained diffusion policy loaded for sampling. The checkpoint holds one ONNX graph
 * (ε_θ with the encoder inside); on load it is split into two inference sessions sharing the
 * parameters, so a decision costs one encoder run and then one denoiser run per step for all
 * N candidates (METHODS.md §2).
 *
 * ```ts
 * const policy = await DiffusionPolicy.open('models/push-T.onnx');
 * try { const actions = await policy.sample(scene.observe(policy.points), 8, rng); }
 * finally { await policy.free(); }
 * ```
 */
import type { Rng } from '../../core/rng.ts';
import {
  loadCheckpoint,
  makeInferenceModel,
  restoreParams,
  tensor,
  type InferenceModel,
  type SessionConfig,
} from '../../nn/index.ts';
import { getTask, type Action, type Observation, type Primitive } from '../../sim/index.ts';
import { ACTION_DIM, denormaliseRows, rowsToActions } from '../action-codec.ts';
import { clampToWorkspace, type Policy, type Workspace } from '../policy.ts';
import { parseArchitecture, type PolicyArchitecture } from './architecture.ts';
import { SamplerConfigSchema, type SamplerConfig, type SamplerConfigInput } from './config.ts';
import { buildDenoiserGraph, buildEncoderGraph, IO } from './network.ts';
import { denoiserObservation, observationCode } from './observation-code.ts';
import { makeNoiseSchedule, type NoiseSchedule } from './noise-schedule.ts';
import { noiseFromRng, sampleDiffusion, type NoiseSource } from './sampler.ts';

export interface OpenPolicyOptions extends SessionConfig {
  /** How candidates are drawn (default DDIM, 10 steps, η = 1). */
  sampler?: SamplerConfigInput;
}

/** Per-call options of `sampleWith`. */
export interface SampleOptions {
  sampler?: SamplerConfigInput;
  /** Fixed noise (tests); default drawn from the rng. */
  noise?: NoiseSource;
}

export class DiffusionPolicy implements Policy {
  readonly primitive: Primitive;
  readonly schedule: NoiseSchedule;
  readonly sampler: SamplerConfig;
  private readonly workspace: Workspace;
  private freed = false;

  private constructor(
    readonly architecture: PolicyArchitecture,
    private readonly encoder: InferenceModel,
    private readonly denoiser: InferenceModel,
    sampler: SamplerConfigInput,
  ) {
    this.primitive = architecture.primitive;
    this.schedule = makeNoiseSchedule(architecture.schedule);
    this.sampler = SamplerConfigSchema.parse(sampler);
    this.workspace = getTask(architecture.task).workspace;
  }

  /** Loads a policy checkpoint written by `trainPolicy` (file path or bytes). */
  static async open(src: string | Uint8Array, opts: OpenPolicyOptions = {}): Promise<DiffusionPolicy> {
    const ckpt = loadCheckpoint(src);
    const arch = parseArchitecture(ckpt.meta.architecture, typeof src === 'string' ? `policy ${src}` : 'policy');
    const eg = buildEncoderGraph(arch.network),
      dg = buildDenoiserGraph(arch.network, arch.actionRange);
    restoreParams(eg, ckpt);
    restoreParams(dg, ckpt);
    const encoder = await makeInferenceModel(eg, opts);
    try {
      const denoiser = await makeInferenceModel(dg, opts);
      return new DiffusionPolicy(arch, encoder, denoiser, opts.sampler ?? {});
    } catch (e) {
      await encoder.free();
      throw e;
    }
  }

  /** Task id the policy was trained on. */
  get task(): string {
    return this.architecture.task;
  }

  /** Points per observation it was trained with (any count works; this one matches training). */
  get points(): number {
    return this.architecture.network.points;
  }

  get obsPoints(): number {
    return this.points;
  }

  sample(obs: Observation, n: number, rng: Rng): Promise<Action[]> {
    return this.sampleWith(obs, n, rng, {});
  }

  /** `sample` with a per-call sampler and optional fixed noise. */
  async sampleWith(obs: Observation, n: number, rng: Rng, opts: SampleOptions): Promise<Action[]> {
    const rows = await this.sampleRows(obs, n, opts.noise ?? noiseFromRng(rng), opts.sampler);
    return rowsToActions(rows, this.primitive).map((a) => clampToWorkspace(a, obs, this.workspace));
  }

  /** N candidates as [N, 6] rows in the normalised frame (before the workspace clamp). */
  async sampleRows(
    obs: Observation,
    n: number,
    noise: NoiseSource,
    sampler: SamplerConfigInput = this.sampler,
  ): Promise<Float32Array> {
    if (this.freed) throw new Error('DiffusionPolicy: used after free()');
    if (!Number.isInteger(n) || n < 1) throw new Error(`policy.sample: n must be a positive integer, got ${n}`);
    const codeT = await observationCode(this.encoder, this.architecture.network, obs, n); // [N, Dc]
    const local = denoiserObservation(this.architecture.network, obs);
    const t = new Float32Array(n);
    const eps = async (x: Float32Array, step: number) => {
      t.fill(step);
      const out = await this.denoiser.run({
        ...local,
        [IO.code]: codeT,
        [IO.action]: tensor(x, [n, ACTION_DIM]),
        [IO.t]: tensor(t, [n]),
      });
      return out[IO.eps].data as Float32Array; // [N, 6]
    };
    // [N, 6] in [-1, 1]
    const x = await sampleDiffusion(this.schedule, eps, n, ACTION_DIM, { ...this.sampler, ...sampler }, noise);
    return denormaliseRows(x, this.architecture.actionRange);
  }

  async free(): Promise<void> {
    this.freed = true;
    await Promise.all([this.encoder.free(), this.denoiser.free()]);
  }
}
