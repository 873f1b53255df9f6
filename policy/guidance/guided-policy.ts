/**
 * RLG guidance at inference (Reinforcement Learning Guidance, issue 19 §3): sample with
 * ε = ε_ref + w (ε_θ − ε_ref), where ε_ref is the reference policy's noise network and ε_θ its
 * Diffusion-DPO fine-tune. Both live in one implicit reward checkpoint
 * (reward/models/implicit-network.ts): parameters prefixed `ref.` are an exact copy of the
 * reference policy's, `theta.` the fine-tuned ones; `architecture.policy` is the reference's
 * architecture. w = 0 samples the reference (bit for bit, for the same rng), w = 1 the
 * fine-tuned policy, w > 1 extrapolates past it.
 *
 * Dimension letters: N candidates, P points, Dc code width, Da = 6.
 */
import type { Rng } from '../../core/rng.ts';
import {
  loadCheckpoint,
  makeInferenceModel,
  tensor,
  type Checkpoint,
  type Graph,
  type InferenceModel,
} from '../../nn/index.ts';
import { getTask, type Action, type Observation, type Primitive } from '../../sim/index.ts';
import { ACTION_DIM, denormaliseRows, rowsToActions } from '../action-codec.ts';
import { parseArchitecture, type PolicyArchitecture } from '../diffusion/architecture.ts';
import { SamplerConfigSchema, type SamplerConfig, type SamplerConfigInput } from '../diffusion/config.ts';
import { buildDenoiserGraph, buildEncoderGraph, IO } from '../diffusion/network.ts';
import { denoiserObservation, observationCode } from '../diffusion/observation-code.ts';
import { makeNoiseSchedule, type NoiseSchedule } from '../diffusion/noise-schedule.ts';
import { noiseFromRng, sampleDiffusion, type NoiseSource } from '../diffusion/sampler.ts';
import { clampToWorkspace, type Policy, type Workspace } from '../policy.ts';

/** Parameter prefixes of the two copies in an implicit reward checkpoint (reward/models/implicit-network.ts). */
export const IMPLICIT_PREFIX = { theta: 'theta.', ref: 'ref.' } as const;
/** `architecture.kind` of an implicit reward checkpoint. */
export const IMPLICIT_KIND = 'implicit';

/** ε_ref + w (ε_θ − ε_ref), elementwise: [N, Da]. Pure; w = 0 returns ε_ref's values exactly. */
export function guidedEps(ref: Float32Array, theta: Float32Array, w: number): Float32Array {
  if (ref.length !== theta.length) throw new Error(`guidedEps: ε_ref has ${ref.length} numbers, ε_θ ${theta.length}`);
  if (w === 0) return ref;
  return ref.map((r, i) => r + w * (theta[i] - r));
}

/** True when the checkpoint is an implicit reward (a reference + fine-tuned pair). */
export function isImplicitCheckpoint(ckpt: Checkpoint): boolean {
  return (ckpt.meta.architecture as { kind?: unknown }).kind === IMPLICIT_KIND;
}

interface Net {
  encoder: InferenceModel;
  denoiser: InferenceModel;
}

function withPrefix(g: Graph, ckpt: Checkpoint, prefix: string, where: string): Graph {
  for (const p of g.params()) {
    const saved = ckpt.params.get(prefix + p.name);
    if (!saved)
      throw new Error(`${where}: no parameter '${prefix}${p.name}' (not an implicit reward of this architecture)`);
    p.data.set(saved.data);
  }
  return g;
}

async function openNet(arch: PolicyArchitecture, ckpt: Checkpoint, prefix: string, where: string): Promise<Net> {
  const encoder = await makeInferenceModel(withPrefix(buildEncoderGraph(arch.network), ckpt, prefix, where));
  try {
    return {
      encoder,
      denoiser: await makeInferenceModel(
        withPrefix(buildDenoiserGraph(arch.network, arch.actionRange), ckpt, prefix, where),
      ),
    };
  } catch (e) {
    await encoder.free();
    throw e;
  }
}

export interface GuidedOptions {
  /** w (default 1: the fine-tuned policy). */
  guidance?: number;
  sampler?: SamplerConfigInput;
}

export class GuidedPolicy implements Policy {
  readonly primitive: Primitive;
  readonly schedule: NoiseSchedule;
  readonly sampler: SamplerConfig;
  private readonly workspace: Workspace;
  private freed = false;

  private constructor(
    readonly architecture: PolicyArchitecture,
    private readonly ref: Net,
    private readonly theta: Net,
    readonly guidance: number,
    sampler: SamplerConfigInput,
  ) {
    this.primitive = architecture.primitive;
    this.schedule = makeNoiseSchedule(architecture.schedule);
    this.sampler = SamplerConfigSchema.parse(sampler);
    this.workspace = getTask(architecture.task).workspace;
  }

  /** Points of the observation it expects: those of the policy network both nets share. */
  get obsPoints(): number {
    return this.architecture.network.points;
  }

  /** Opens an implicit reward checkpoint (file or bytes) as a guided policy. */
  static async open(src: string | Uint8Array, opts: GuidedOptions = {}): Promise<GuidedPolicy> {
    const where = typeof src === 'string' ? `guided policy ${src}` : 'guided policy';
    const w = opts.guidance ?? 1;
    if (!Number.isFinite(w)) throw new Error(`${where}: guidance w must be a finite number, got ${w}`);
    const ckpt = loadCheckpoint(src);
    if (!isImplicitCheckpoint(ckpt))
      throw new Error(
        `${where}: field architecture.kind: expected "${IMPLICIT_KIND}" (a Diffusion-DPO implicit reward), found ` +
          `${JSON.stringify((ckpt.meta.architecture as { kind?: unknown }).kind)}`,
      );
    const arch = parseArchitecture(
      (ckpt.meta.architecture as { policy?: unknown }).policy,
      `${where}: field architecture.policy`,
    );
    const ref = await openNet(arch, ckpt, IMPLICIT_PREFIX.ref, where);
    try {
      return new GuidedPolicy(
        arch,
        ref,
        await openNet(arch, ckpt, IMPLICIT_PREFIX.theta, where),
        w,
        opts.sampler ?? {},
      );
    } catch (e) {
      await Promise.all([ref.encoder.free(), ref.denoiser.free()]);
      throw e;
    }
  }

  get task(): string {
    return this.architecture.task;
  }

  get points(): number {
    return this.architecture.network.points;
  }

  sample(obs: Observation, n: number, rng: Rng): Promise<Action[]> {
    return this.sampleWith(obs, n, noiseFromRng(rng));
  }

  async sampleWith(obs: Observation, n: number, noise: NoiseSource): Promise<Action[]> {
    const rows = await this.sampleRows(obs, n, noise);
    return rowsToActions(rows, this.primitive).map((a) => clampToWorkspace(a, obs, this.workspace));
  }

  /** N candidates as [N, 6] rows in the normalised frame (before the workspace clamp). */
  async sampleRows(obs: Observation, n: number, noise: NoiseSource): Promise<Float32Array> {
    if (this.freed) throw new Error('GuidedPolicy: used after free()');
    if (!Number.isInteger(n) || n < 1) throw new Error(`policy.sample: n must be a positive integer, got ${n}`);
    const w = this.guidance;
    const cRef = await observationCode(this.ref.encoder, this.architecture.network, obs, n);
    const cTheta = w === 0 ? null : await observationCode(this.theta.encoder, this.architecture.network, obs, n);
    const local = denoiserObservation(this.architecture.network, obs);
    const t = new Float32Array(n);
    const run = async (net: Net, c: typeof cRef, x: Float32Array) =>
      (
        await net.denoiser.run({
          ...local,
          [IO.code]: c,
          [IO.action]: tensor(x, [n, ACTION_DIM]),
          [IO.t]: tensor(t, [n]),
        })
      )[IO.eps].data as Float32Array; // [N, 6]
    const eps = async (x: Float32Array, step: number) => {
      t.fill(step);
      const eRef = await run(this.ref, cRef, x);
      return cTheta ? guidedEps(eRef, await run(this.theta, cTheta, x), w) : eRef;
    };
    const x = await sampleDiffusion(this.schedule, eps, n, ACTION_DIM, this.sampler, noise); // [N, 6] in [-1, 1]
    return denormaliseRows(x, this.architecture.actionRange);
  }

  async free(): Promise<void> {
    if (this.freed) return;
    this.freed = true;
    await Promise.all([
      this.ref.encoder.free(),
      this.ref.denoiser.free(),
      this.theta.encoder.free(),
      this.theta.denoiser.free(),
    ]);
  }
}
