/**
 * Configuration of the diffusion policy (METHODS.md §2): schedule, network, sampler, training.
 * Every field has a default and says the paper's value where there is one. Parsed once at the
 * boundary; read-only after.
 */
import { z } from 'zod';

/** Noise schedule: squared-cosine β with a cap (Nichol & Dhariwal 2021; diffusers `squaredcos_cap_v2`). */
export const ScheduleConfigSchema = z.object({
  steps: z.number().int().min(2).max(10_000).default(100).describe('T, training diffusion steps (paper 100)'),
  offset: z.number().min(0).default(0.008).describe('s in ᾱ(t) = cos²((t/T + s)/(1 + s)·π/2) (paper 0.008)'),
  maxBeta: z.number().gt(0).max(1).default(0.999).describe('cap on every β_t (paper 0.999)'),
  clipSample: z
    .number()
    .positive()
    .nullable()
    .default(1)
    .describe(
      'clip predicted clean actions to ±this, in the [-1, 1] action space; null = no clipping (Diffusion Policy: 1)',
    ),
});
export type ScheduleConfig = z.infer<typeof ScheduleConfigSchema>;

/** The noise network ε_θ(a_t, t, c): PointNet encoder once per decision, FiLM-conditioned MLP denoiser. */
export const NetworkConfigSchema = z.object({
  points: z
    .number()
    .int()
    .positive()
    .default(256)
    .describe('P, observation points fed to the encoder (paper 3000–3500; CPU default 256)'),
  encoderSizes: z
    .array(z.number().int().positive())
    .min(1)
    .default([64, 128])
    .describe('widths of the shared per-point PointNet layers (DeformPAM uses a larger backbone)'),
  codeSize: z.number().int().positive().default(64).describe('D, width of the observation code c'),
  originInput: z
    .boolean()
    .default(true)
    .describe(
      'append the world origin in the observation frame (−center/scale, [B,3]) to c: tasks with a goal fixed on ' +
        'the table need to know where the table is',
    ),
  timeEmbedding: z
    .number()
    .int()
    .positive()
    .multipleOf(2)
    .default(32)
    .describe('width of the sinusoidal embedding of t'),
  hidden: z.number().int().positive().default(128).describe('width of the denoiser MLP'),
  blocks: z.number().int().min(1).default(3).describe('FiLM-conditioned layers of the denoiser'),
  localSizes: z
    .array(z.number().int().positive())
    .default([64])
    .describe(
      'widths of the per-point MLP on the offsets and squared distances of every observation point from ' +
        "the noisy action's two points, max-pooled into a local code the denoiser is conditioned on (as the " +
        'explicit reward sees the state); [] = none, the denoiser sees the state only as the global code c',
    ),
  localKind: z
    .enum(['offsets', 'attention'])
    .default('offsets')
    .describe(
      "offsets: a per-point MLP on each point's offsets and squared distances from the action, max-pooled; " +
        'attention: the action points attend to per-point features with weights softmax(−β·d²)',
    ),
  activation: z
    .enum(['relu', 'silu', 'gelu'])
    .default('silu')
    .describe('hidden activation (Diffusion Policy: Mish; SiLU is the closest op we have)'),
});
export type NetworkConfig = z.infer<typeof NetworkConfigSchema>;
export type NetworkConfigInput = z.input<typeof NetworkConfigSchema>;

/** How candidates are drawn. */
export const SamplerConfigSchema = z.object({
  kind: z
    .enum(['ddim', 'ddpm'])
    .default('ddim')
    .describe('ddim: Song et al. 2021; ddpm: ancestral sampling over all T steps'),
  steps: z
    .number()
    .int()
    .positive()
    .default(10)
    .describe('DDIM denoising steps (paper 100; default 10 for speed); DDPM always uses T'),
  eta: z
    .number()
    .min(0)
    .max(1)
    .default(1)
    .describe('DDIM η: 0 deterministic, 1 stochastic (paper 1 when collecting preferences)'),
});
export type SamplerConfig = z.infer<typeof SamplerConfigSchema>;
export type SamplerConfigInput = z.input<typeof SamplerConfigSchema>;

/** Training on demonstrations. */
export const TrainConfigSchema = z.object({
  seed: z.number().int().min(0).default(0).describe('seeds the weights, batches, noise and augmentation'),
  epochs: z
    .number()
    .int()
    .positive()
    .default(300)
    .describe('passes over the demo states (one alternative action sampled per state each pass)'),
  batchSize: z.number().int().positive().default(64).describe('B, states per optimiser step'),
  lr: z.number().positive().default(1e-3).describe('AdamW learning rate (Diffusion Policy 1e-4 with a larger batch)'),
  weightDecay: z.number().min(0).default(1e-6).describe('AdamW decoupled weight decay (Diffusion Policy 1e-6)'),
  warmupSteps: z
    .number()
    .int()
    .min(0)
    .default(50)
    .describe('linear warm-up steps, then cosine decay to 0 (Diffusion Policy 500)'),
  clipNorm: z.number().positive().default(1).describe('gradient global-norm clip'),
  rotate: z
    .enum(['auto', 'on', 'off'])
    .default('auto')
    .describe('random rotation about z of points and actions; auto: on where the task allows it (rope, cloth)'),
});
export type TrainConfig = z.infer<typeof TrainConfigSchema>;
export type TrainConfigInput = z.input<typeof TrainConfigSchema>;
