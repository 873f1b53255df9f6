/**
 * Adapter for a noise network trained elsewhere (signature in signature.ts). Each denoising step
 * runs the whole network for all N candidates in one batch (the observation repeated N times):
 * an external file has no separate encoder to run once.
 *
 * Action space: the model sees actions mapped from the normalised frame by `range` to [-1, 1]
 * (default: the identity, i.e. the normalised frame itself), and samples are clipped to ±1
 * there as in Diffusion Policy. A range can also come from the file's metadata_props:
 * `action_low` and `action_high`, JSON arrays of 6 numbers.
 */
import { readFileSync } from 'node:fs';
import type { Rng } from '../../core/rng.ts';
import { decodeModel, openModel, tensor, type InferenceModel, type SessionConfig } from '../../nn/index.ts';
import type { Action, Observation, Primitive } from '../../sim/index.ts';
import { ACTION_DIM, denormaliseRows, rowsToActions, UNIT_RANGE, type ActionRange } from '../action-codec.ts';
import {
  SamplerConfigSchema,
  type SamplerConfig,
  type SamplerConfigInput,
  type ScheduleConfig,
} from '../diffusion/config.ts';
import { makeNoiseSchedule, type NoiseSchedule } from '../diffusion/noise-schedule.ts';
import { noiseFromRng, sampleDiffusion, type NoiseSource } from '../diffusion/sampler.ts';
import { clampToWorkspace, DEFAULT_OBS_POINTS, type Policy, type Workspace } from '../policy.ts';
import { checkExternalSignature } from './signature.ts';

export interface ExternalPolicyOptions extends SessionConfig {
  /** Primitive of the actions (the task's). */
  primitive: Primitive;
  /** Task workspace; candidates are clamped into it. */
  workspace: Workspace;
  /** Normalised-frame range mapped to [-1, 1]; default from metadata, else the identity. */
  range?: ActionRange;
  /** Points per observation it expects (P is dynamic in the signature); default 256. */
  obsPoints?: number;
  /** Schedule the network was trained with; default squared-cosine, T = 100. */
  schedule?: Partial<ScheduleConfig>;
  sampler?: SamplerConfigInput;
}

function rangeFromMetadata(meta: Record<string, string>, where: string): ActionRange | undefined {
  if (meta.action_low === undefined && meta.action_high === undefined) return undefined;
  const parse = (k: string) => {
    let v: unknown;
    try {
      v = JSON.parse(meta[k] ?? 'null');
    } catch {
      v = null;
    }
    if (!Array.isArray(v) || v.length !== ACTION_DIM || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new Error(
        `${where}: metadata_props '${k}' must be a JSON array of ${ACTION_DIM} finite numbers, got ${meta[k]}`,
      );
    }
    return v as number[];
  };
  return { low: parse('action_low'), high: parse('action_high') };
}

export class ExternalPolicy implements Policy {
  readonly primitive: Primitive;
  readonly obsPoints: number;
  readonly schedule: NoiseSchedule;
  readonly sampler: SamplerConfig;

  private constructor(
    private readonly model: InferenceModel,
    private readonly tDtype: 'int64' | 'float32',
    readonly range: ActionRange,
    private readonly opts: ExternalPolicyOptions,
  ) {
    this.primitive = opts.primitive;
    this.obsPoints = opts.obsPoints ?? DEFAULT_OBS_POINTS;
    this.schedule = makeNoiseSchedule(opts.schedule ?? {});
    this.sampler = SamplerConfigSchema.parse(opts.sampler ?? {});
  }

  /** Opens an external ONNX noise network; refuses a wrong signature with expected vs found. */
  static async open(src: string | Uint8Array, opts: ExternalPolicyOptions): Promise<ExternalPolicy> {
    const where = typeof src === 'string' ? `external policy ${src}` : 'external policy';
    const bytes = typeof src === 'string' ? new Uint8Array(readFileSync(src)) : src;
    const spec = decodeModel(bytes, where);
    const { tDtype } = checkExternalSignature(where, spec.inputs, spec.outputs);
    const range = opts.range ?? rangeFromMetadata(spec.metadata, where) ?? UNIT_RANGE;
    const model = await openModel(bytes, { threads: opts.threads });
    return new ExternalPolicy(model, tDtype, range, opts);
  }

  sample(obs: Observation, n: number, rng: Rng): Promise<Action[]> {
    return this.sampleWith(obs, n, noiseFromRng(rng));
  }

  /** `sample` with explicit noise and sampler. */
  async sampleWith(
    obs: Observation,
    n: number,
    noise: NoiseSource,
    sampler: SamplerConfigInput = this.sampler,
  ): Promise<Action[]> {
    if (!Number.isInteger(n) || n < 1) throw new Error(`policy.sample: n must be a positive integer, got ${n}`);
    const P = obs.points.length / 3;
    const pts = new Float32Array(n * P * 3); // [N, P, 3]: the observation repeated per candidate
    for (let k = 0; k < n; k++) pts.set(obs.points, k * P * 3);
    const ptsT = tensor(pts, [n, P, 3]);
    const eps = async (x: Float32Array, step: number) => {
      const t = this.tDtype === 'int64' ? new BigInt64Array(n).fill(BigInt(step)) : new Float32Array(n).fill(step);
      const out = await this.model.run({
        obs_points: ptsT,
        noisy_action: tensor(x, [n, ACTION_DIM]),
        t: tensor(t, [n]),
      });
      return out.eps.data as Float32Array; // [N, 6]
    };
    const x = await sampleDiffusion(this.schedule, eps, n, ACTION_DIM, { ...this.sampler, ...sampler }, noise);
    return rowsToActions(denormaliseRows(x, this.range), this.primitive).map((a) =>
      clampToWorkspace(a, obs, this.opts.workspace),
    );
  }

  free(): Promise<void> {
    return this.model.free();
  }
}
