/**
 * Squared-cosine noise schedule with a cap (Nichol & Dhariwal 2021, "improved DDPM"; diffusers
 * `squaredcos_cap_v2`), ε-prediction. METHODS.md §2. Pure functions.
 *
 *   ᾱ(t) = cos²(((t/T) + s)/(1 + s) · π/2),  β_t = min(1 − ᾱ(t+1)/ᾱ(t), maxBeta),  ᾱ_t = Π_{i≤t}(1 − β_i)
 */
import { ScheduleConfigSchema, type ScheduleConfig } from './config.ts';

/** Per-step tables, index t ∈ [0, T). */
export interface NoiseSchedule {
  config: ScheduleConfig;
  /** T. */
  steps: number;
  /** β_t [T]. */
  betas: Float64Array;
  /** α_t = 1 − β_t [T]. */
  alphas: Float64Array;
  /** ᾱ_t = Π_{i≤t} α_i [T], decreasing from ≈1 to ≈0. */
  alphaBars: Float64Array;
}

/** Builds the schedule tables for `config` (defaults: T = 100, s = 0.008, cap 0.999). */
export function makeNoiseSchedule(config: Partial<ScheduleConfig> = {}): NoiseSchedule {
  const c = ScheduleConfigSchema.parse(config);
  const T = c.steps;
  const f = (t: number) => Math.cos(((t / T + c.offset) / (1 + c.offset)) * (Math.PI / 2)) ** 2;
  const betas = new Float64Array(T),
    alphas = new Float64Array(T),
    alphaBars = new Float64Array(T);
  let prod = 1;
  for (let t = 0; t < T; t++) {
    betas[t] = Math.min(1 - f(t + 1) / f(t), c.maxBeta);
    alphas[t] = 1 - betas[t];
    prod *= alphas[t];
    alphaBars[t] = prod;
  }
  return { config: c, steps: T, betas, alphas, alphaBars };
}

/**
 * Forward process q(a_t | a_0): a_t = √ᾱ_t a_0 + √(1 − ᾱ_t) ε, row by row.
 * @param a0 [B, Da] clean actions; @param eps [B, Da] noise; @param t [B] integer steps
 * @returns [B, Da] noisy actions
 */
export function addNoise(
  s: NoiseSchedule,
  a0: Float32Array,
  eps: Float32Array,
  t: ArrayLike<number>,
  da: number,
): Float32Array {
  const out = new Float32Array(a0.length);
  for (let b = 0; b < t.length; b++) {
    const ab = s.alphaBars[t[b]],
      sa = Math.sqrt(ab),
      sn = Math.sqrt(1 - ab);
    for (let j = b * da; j < (b + 1) * da; j++) out[j] = sa * a0[j] + sn * eps[j];
  }
  return out;
}
