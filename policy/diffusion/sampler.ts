/**
 * DDIM (Song et al. 2021) and DDPM (Ho et al. 2020) sampling of K candidates at once, with
 * ε-prediction and clipped clean-sample estimates, as diffusers' DDIMScheduler/DDPMScheduler
 * (set_alpha_to_one, fixed_small variance). METHODS.md §2. Pure: the network is passed in as
 * `eps`, randomness as a `NoiseSource`, so tests can fix every draw.
 *
 * Dimension letters: K candidates, Da action dims (6).
 */
import type { Rng } from '../../core/rng.ts';
import { SamplerConfigSchema, type SamplerConfigInput } from './config.ts';
import type { NoiseSchedule } from './noise-schedule.ts';

/** ε_θ for all K candidates at one step: x [K, Da], integer t → ε̂ [K, Da]. */
export type EpsFn = (x: Float32Array, t: number) => Promise<Float32Array>;

/** Where Gaussian noise comes from. */
export interface NoiseSource {
  /** `n` standard-normal numbers. */
  normal(n: number): Float32Array;
}

/** Gaussian noise drawn from `rng`. */
export function noiseFromRng(rng: Rng): NoiseSource {
  return { normal: (n) => new Float32Array(n).map(() => rng.normal()) };
}

/** Replays fixed arrays in order (for tests); throws when they run out or a size differs. */
export function fixedNoise(arrays: Float32Array[]): NoiseSource {
  let i = 0;
  return {
    normal: (n) => {
      const a = arrays[i++];
      if (!a) throw new Error(`fixedNoise: draw ${i} requested but only ${arrays.length} arrays were given`);
      if (a.length !== n) throw new Error(`fixedNoise: draw ${i} needs ${n} numbers, array has ${a.length}`);
      return a.slice();
    },
  };
}

/**
 * Timesteps visited, noisiest first. DDPM: T−1 … 0. DDIM with S steps: t_i = i·⌊T/S⌋ for
 * i = S−1 … 0 (diffusers "leading" spacing).
 */
export function samplingTimesteps(s: NoiseSchedule, cfg: SamplerConfigInput = {}): number[] {
  const c = SamplerConfigSchema.parse(cfg);
  if (c.kind === 'ddpm') return Array.from({ length: s.steps }, (_, i) => s.steps - 1 - i);
  if (c.steps > s.steps) throw new Error(`sampler: DDIM steps ${c.steps} exceed the schedule's T = ${s.steps}`);
  const ratio = Math.floor(s.steps / c.steps);
  return Array.from({ length: c.steps }, (_, i) => (c.steps - 1 - i) * ratio);
}

/**
 * Draws K samples: x_T ~ N(0, I), then one `eps` call per timestep for all K rows.
 * Noise draws, in order: x_T [K·Da], then per step with σ > 0 one [K·Da] array.
 * @returns [K, Da] samples in the model's action space (clipped to ±clipSample when set)
 */
export async function sampleDiffusion(
  s: NoiseSchedule,
  eps: EpsFn,
  k: number,
  da: number,
  cfg: SamplerConfigInput,
  noise: NoiseSource,
): Promise<Float32Array> {
  const c = SamplerConfigSchema.parse(cfg);
  const ts = samplingTimesteps(s, c);
  const clip = s.config.clipSample;
  let x: Float32Array = noise.normal(k * da); // [K, Da]
  // Two buffers, swapped every step: no allocation per step (the eps call may read x only until it resolves).
  let next: Float32Array = new Float32Array(k * da); // [K, Da]
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    const prev = c.kind === 'ddpm' ? t - 1 : t - Math.floor(s.steps / c.steps);
    const e = await eps(x, t); // [K, Da]
    if (e.length !== k * da)
      throw new Error(`sampler: the noise network returned ${e.length} numbers, expected ${k}×${da}`);
    const ab = s.alphaBars[t],
      abPrev = prev >= 0 ? s.alphaBars[prev] : 1;
    const sqAb = Math.sqrt(ab),
      sqOneMinusAb = Math.sqrt(1 - ab),
      sqAbPrev = Math.sqrt(abPrev);
    // DDPM posterior (fixed_small) or DDIM update; both from the clipped x̂_0.
    const sigma =
      c.kind === 'ddpm'
        ? Math.sqrt(Math.max(((1 - abPrev) / (1 - ab)) * (1 - ab / abPrev), 1e-20)) * (prev >= 0 ? 1 : 0)
        : c.eta * Math.sqrt((1 - abPrev) / (1 - ab)) * Math.sqrt(1 - ab / abPrev);
    const beta = 1 - ab / abPrev;
    const cx0 = (sqAbPrev * beta) / (1 - ab),
      cxt = (Math.sqrt(1 - beta) * (1 - abPrev)) / (1 - ab); // DDPM posterior mean weights
    const dirScale = Math.sqrt(Math.max(1 - abPrev - sigma * sigma, 0)); // DDIM direction term
    const z = sigma > 0 ? noise.normal(k * da) : null;
    for (let j = 0; j < k * da; j++) {
      let x0 = (x[j] - sqOneMinusAb * e[j]) / sqAb;
      if (clip !== null) x0 = Math.max(-clip, Math.min(clip, x0));
      let v: number;
      if (c.kind === 'ddpm') {
        v = cx0 * x0 + cxt * x[j];
      } else {
        // ε consistent with the clipped x̂_0, so clipping does not push the direction term off.
        const eHat = (x[j] - sqAb * x0) / sqOneMinusAb;
        v = sqAbPrev * x0 + dirScale * eHat;
      }
      next[j] = z ? v + sigma * z[j] : v;
    }
    [x, next] = [next, x];
  }
  if (clip !== null) for (let j = 0; j < x.length; j++) x[j] = Math.max(-clip, Math.min(clip, x[j]));
  return x;
}
