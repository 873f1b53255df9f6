/**
 * Adam and AdamW over Float32Array parameters (updated in place), with global-norm gradient
 * clipping and a learning-rate schedule. Kingma & Ba 2015; Loshchilov & Hutter 2019 (AdamW).
 */
import { z } from 'zod';
import { AdamStore } from './adam-kernel.ts';
import { learningRate, ScheduleConfigSchema } from './schedule.ts';

export const OptimizerConfigSchema = z.object({
  kind: z
    .enum(['adam', 'adamw'])
    .default('adam')
    .describe('adam: L2 added to the gradient; adamw: decoupled weight decay'),
  lr: z.number().positive().default(1e-3).describe('base learning rate'),
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.999),
  eps: z.number().positive().default(1e-8),
  weightDecay: z.number().min(0).default(0).describe('L2 (adam) or decoupled (adamw) decay; AdamW paper default 1e-2'),
  clipNorm: z
    .number()
    .positive()
    .nullable()
    .default(null)
    .describe('clip gradients to this global L2 norm; null = no clipping'),
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

/**
 * Adam/AdamW over a fixed list of parameters. The optimiser keeps parameters, gradients and
 * moments in one WebAssembly memory (SIMD kernel, adam-kernel.ts): the arrays passed in are
 * copied, and `params[k]` / `grads[k]` are the live views to read, feed and write from then on.
 */
export class Adam {
  readonly config: OptimizerConfig;
  /** Live parameter values (views; updated in place by `update`). */
  readonly params: Float32Array[];
  /** Gradient buffers: write gradients here (e.g. as ORT pre-allocated outputs), then `update()`. */
  readonly grads: Float32Array[];
  private t = 0;
  private readonly store: AdamStore;

  constructor(config: OptimizerConfigInput, initial: Float32Array[], opts: { simd?: boolean } = {}) {
    this.config = OptimizerConfigSchema.parse(config);
    this.store = new AdamStore(
      initial.map((p) => p.length),
      opts.simd ?? true,
    );
    initial.forEach((p, k) => this.store.p[k].set(p));
    this.params = this.store.p;
    this.grads = this.store.g;
  }

  get step(): number {
    return this.t;
  }

  /** True when the WebAssembly SIMD kernel runs the update (else the scalar loop). */
  get simd(): boolean {
    return this.store.simd;
  }

  /**
   * Applies one update. With `grads`, `grads[k]` (undefined = zero) is copied into the gradient
   * buffers first; without, the buffers already hold this step's gradients.
   */
  update(grads?: (Float32Array | undefined)[]): StepInfo {
    const c = this.config,
      st = this.store;
    if (grads) {
      grads.forEach((g, k) => {
        if (g === st.g[k]) return;
        if (g) st.g[k].set(g);
        else st.g[k].fill(0);
      });
    }
    let sq = 0;
    for (let k = 0; k < st.g.length; k++) sq += st.gradSumSquares(k);
    const gradNorm = Math.sqrt(sq);
    const gscale = c.clipNorm !== null && gradNorm > c.clipNorm ? c.clipNorm / (gradNorm + 1e-6) : 1;
    const lr = learningRate(c.schedule, c.lr, this.t);
    this.t++;
    const coefs = {
      b1: c.beta1,
      b2: c.beta2,
      eps: c.eps,
      gscale,
      a: lr / (1 - c.beta1 ** this.t),
      c: 1 / Math.sqrt(1 - c.beta2 ** this.t),
      l2: c.kind === 'adam' ? c.weightDecay : 0,
      decay: c.kind === 'adamw' ? 1 - lr * c.weightDecay : 1,
    };
    for (let k = 0; k < st.p.length; k++) st.update(k, coefs);
    return { gradNorm, lr };
  }

  /** A copy of the state, for checkpoints. */
  state(): OptimizerState {
    return { step: this.t, m: this.store.m.map((a) => a.slice()), v: this.store.v.map((a) => a.slice()) };
  }

  /** Restores a saved state; sizes must match the parameters. */
  load(s: OptimizerState): void {
    const m = this.store.m,
      v = this.store.v;
    if (s.m.length !== m.length || s.v.length !== v.length) {
      throw new Error(`optimizer state: expected ${m.length} moment buffers, got ${s.m.length}/${s.v.length}`);
    }
    s.m.forEach((a, k) => {
      if (a.length !== m[k].length || s.v[k].length !== v[k].length) {
        throw new Error(`optimizer state: buffer ${k} has ${a.length} values, parameter has ${m[k].length}`);
      }
    });
    this.t = s.step;
    s.m.forEach((a, k) => m[k].set(a));
    s.v.forEach((a, k) => v[k].set(a));
  }
}
