/**
 * RAFT (reward-ranked fine-tuning, Dong et al. 2023) of the diffusion policy (issue 19 §2):
 * sample N candidates on M states, keep the reward's top k, fine-tune on them mixed with the
 * original demos so the policy stays near the reference. Parsed once at the boundary.
 */
import { z } from 'zod';

export const RaftConfigSchema = z
  .strictObject({
    states: z.number().int().min(1).default(48).describe('M, states the candidates are sampled on'),
    candidates: z.number().int().min(2).default(16).describe('N, candidates sampled per state (RAFT: best-of-N)'),
    keep: z.number().int().min(1).default(2).describe('k, top-scored candidates kept per state (k < N)'),
    episodeSteps: z
      .number()
      .int()
      .min(1)
      .default(4)
      .describe("states per roll-in episode: each state is reached by executing the previous state's top candidate"),
    epochs: z.number().int().min(1).default(40).describe('fine-tuning passes over the mixed set'),
    lr: z
      .number()
      .positive()
      .default(3e-4)
      .describe('AdamW learning rate of the fine-tune (below the 1e-3 of training from scratch)'),
    batchSize: z.number().int().positive().default(64).describe('rows per optimiser step'),
    warmupSteps: z.number().int().min(0).default(5).describe('linear warm-up steps, then cosine decay'),
    demoWeight: z
      .number()
      .min(0)
      .max(0.95)
      .default(0.5)
      .describe(
        'fraction of the mixed set drawn from the original demos (keeps the policy near the reference; 0 = kept ' +
          'actions only)',
      ),
    seed: z.number().int().min(0).default(0).describe('seeds the states, candidates, mixing and fine-tune'),
  })
  .refine((c) => c.keep < c.candidates, { path: ['keep'], message: 'keep k must be below candidates N' });
export type RaftConfig = z.infer<typeof RaftConfigSchema>;
export type RaftConfigInput = z.input<typeof RaftConfigSchema>;

/** Initial-state seeds of RAFT roll-in episodes, apart from demo (100000+) and evaluation (900000+) seeds. */
export function raftEpisodeSeed(seed: number, episode: number): number {
  return 800_000 + (seed % 100) * 1000 + episode;
}
