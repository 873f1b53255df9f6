/**
 * Adam and AdamW over Float32Array parameters (updated in place), with global-norm gradient
 * clipping and a learning-rate schedule. Kingma & Ba 2015; Loshchilov & Hutter 2019 (AdamW).
 */
import { z } from 'zod';
import { learningRate, ScheduleConfigSchema } from './schedule.ts';

export const OptimizerConfigSchema = z.object({
  kind: z.enum(['adam', 'adamw']).default('adam').describe('adam: L2 added to the gradient; adamw: decoupled weight decay'),
  lr: z.number().positive().default(1e-3).describe('base learning rate'),
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.999),
  eps: z.number().positive().default(1e-8),
  weightDecay: z.number().min(0).default(0).describe('L2 (adam) or decoupled (adamw) decay; AdamW paper default 1e-2'),
  clipNorm: z.number().positive().nullable().default(null).describe('clip gradients to this global L2 norm; null = no clipping'),
  schedule: ScheduleConfigSchema.default({ kind: 'constant' }),
});
export type OptimizerConfig = z.infer<typeof OptimizerConfigSchema>;
export type OptimizerConfigInput = z.input<typeof OptimizerConfigSchema>;

/** Everything needed to resume: step count and both moment buffers per parameter. */
export interface OptimizerState {
  step: number;
  m: Float32Array[];
  v: Float32Array[];
}

/** Result of one update. */
export interface StepInfo {
  /** Global L2 norm of the gradients before clipping. */
  gradNorm: number;
  /** Learning rate used for this step. */
  lr: number;
}

/** Adam/AdamW state over a fixed list of parameter arrays. */
export class Adam {
  readonly config: OptimizerConfig;
  private t = 0;
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];

  constructor(config: OptimizerConfigInput, private readonly params: Float32Array[]) {
    this.config = OptimizerConfigSchema.parse(config);
    this.m = params.map((p) => new Float32Array(p.length));
    this.v = params.map((p) => new Float32Array(p.length));
  }

  get step(): number {
    return this.t;
  }

  /**
   * Applies one update. `grads[i]` pairs with `params[i]`; undefined means zero gradient.
   */
  update(grads: (Float32Array | undefined)[]): StepInfo {
    const c = this.config;
    let sq = 0;
    for (const g of grads) if (g) for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
    const gradNorm = Math.sqrt(sq);
    const scale = c.clipNorm !== null && gradNorm > c.clipNorm ? c.clipNorm / (gradNorm + 1e-6) : 1;
    const lr = learningRate(c.schedule, c.lr, this.t);
    this.t++;
    const b1 = c.beta1, b2 = c.beta2, eps = c.eps;
    const bc1 = 1 - Math.pow(b1, this.t), bc2 = 1 - Math.pow(b2, this.t);
    const stepSize = lr / bc1, rbc2 = 1 / Math.sqrt(bc2);
    const l2 = c.kind === 'adam' ? c.weightDecay : 0;
    const decay = c.kind === 'adamw' ? 1 - lr * c.weightDecay : 1;
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k], g = grads[k], m = this.m[k], v = this.v[k];
      for (let i = 0; i < p.length; i++) {
        const gi = (g ? g[i] * scale : 0) + l2 * p[i];
        const mi = (m[i] = b1 * m[i] + (1 - b1) * gi);
        const vi = (v[i] = b2 * v[i] + (1 - b2) * gi * gi);
        p[i] = p[i] * decay - (stepSize * mi) / (Math.sqrt(vi) * rbc2 + eps);
      }
    }
    return { gradNorm, lr };
  }

  /** A copy of the state, for checkpoints. */
  state(): OptimizerState {
    return { step: this.t, m: this.m.map((a) => a.slice()), v: this.v.map((a) => a.slice()) };
  }

  /** Restores a saved state; sizes must match the parameters. */
  load(s: OptimizerState): void {
    if (s.m.length !== this.m.length || s.v.length !== this.v.length) {
      throw new Error(`optimizer state: expected ${this.m.length} moment buffers, got ${s.m.length}/${s.v.length}`);
    }
    s.m.forEach((a, k) => {
      if (a.length !== this.m[k].length || s.v[k].length !== this.v[k].length) {
        throw new Error(`optimizer state: buffer ${k} has ${a.length} values, parameter has ${this.m[k].length}`);
      }
    });
    this.t = s.step;
    s.m.forEach((a, k) => this.m[k].set(a));
    s.v.forEach((a, k) => this.v[k].set(a));
  }
}
