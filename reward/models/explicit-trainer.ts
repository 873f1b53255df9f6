/**
 * Trains explicit Bradley–Terry rewards (METHODS §4): plain, ensembles of M bootstrap members,
 * or CRM two-minds noise-robust training. Every kind trains with a validation split carved from
 * the training episodes and stops early on validation loss, keeping the best weights (issue 12
 * §2); a previous model can be given as the starting point (warm start, issue 21). Returns an
 * `ExplicitRewardModel` (caller frees it).
 */
import { checkpointBytes, hashData, makeTrainer, openModel, type Trainer } from '../../nn/index.ts';
import { splitByEpisode, type StoppingRecord, type ValidationSplit } from './early-stopping.ts';
import { trainCrm } from './explicit-crm-trainer.ts';
import { ExplicitConfigSchema, type ExplicitConfig, type ExplicitConfigInput } from './explicit-config.ts';
import { buildTrainingGraph, type MemberProgress, type PretrainedEncoder } from './explicit-member.ts';
import { ExplicitRewardModel } from './explicit-model.ts';
import { trainMembers } from './member-pool.ts';
import { pairCount, type PairData } from './pair-data.ts';
import { formatZodError } from '../../core/zod-error.ts';

/** Progress after each epoch (of each member, for plain ensembles). */
export type TrainProgress = MemberProgress;

export interface TrainOptions {
  /** Id given to the returned model. Default 'explicit'. */
  id?: string;
  onProgress?: (p: TrainProgress) => void;
  /**
   * Episode (scene seed) of each state, [S]: the validation split keeps episodes whole. Default:
   * each state its own episode.
   */
  episodes?: ArrayLike<number>;
  /** Warm start: checkpoint bytes of a model of the same architecture and member count. */
  init?: Uint8Array | null;
  /**
   * Worker threads for ensemble members (1: this thread). Members train independently with one
   * ORT thread each, so the model is bit-identical whatever the thread count. CRM trains in this thread.
   */
  threads?: number;
  /**
   * Encoder parameters pretrained on physics targets (`readPretrainedEncoder`), copied into every
   * member before fine-tuning; not with `init`.
   */
  pretrained?: PretrainedEncoder | null;
  /** Fewest training pairs for which members go to worker threads (default MIN_PAIRS_FOR_THREADS). */
  threadsFromPairs?: number;
}

export interface ExplicitTrainResult {
  model: ExplicitRewardModel;
  /** Training loss of the kept epoch, per member. */
  finalLoss: number[];
  /** Early-stopping record per member (epochs used, kept epoch, train and validation loss). */
  stopping: StoppingRecord[];
  /** Pairs trained on and held apart for early stopping. */
  trainPairs: number;
  validationPairs: number;
  /** Training pairs processed per second (all members). */
  pairsPerSecond: number;
}

/** Parses the config; errors name the field. */
export function parseExplicitConfig(input: ExplicitConfigInput): ExplicitConfig {
  const r = ExplicitConfigSchema.safeParse(input);
  if (!r.success) throw new Error(`explicit reward config: ${formatZodError(r.error, { prefix: 'field ', top: '' })}`);
  return r.data;
}

/**
 * Salt of the validation split. It is not the training seed: the loop trains round r with seed
 * 1000·run + r, warm-started from round r − 1, and a split that moved with the seed put episodes
 * the previous model had trained on into validation, so the warm start always looked best and
 * early stopping kept it (rounds 1–2 of `bench -- loop` returned round 0's model unchanged).
 */
export const VALIDATION_SALT = 0;

/** The validation split of `data` by episode (each state its own episode without `episodes`). */
export function explicitSplit(data: PairData, cfg: ExplicitConfig, episodes?: ArrayLike<number>): ValidationSplit {
  if (episodes && episodes.length !== data.states.length)
    throw new Error(
      `trainExplicit: field episodes: expected ${data.states.length} numbers (one per state), found ${episodes.length}`,
    );
  const episodeOf = Int32Array.from(data.stateOf, (s) => (episodes ? episodes[s] : s));
  return splitByEpisode(episodeOf, cfg.validation, VALIDATION_SALT);
}

/** Trains on `data` and returns the model (one graph, M members, output r [B, K, M]). */
export async function trainExplicit(
  data: PairData,
  input: ExplicitConfigInput,
  opts: TrainOptions = {},
): Promise<ExplicitTrainResult> {
  const cfg = parseExplicitConfig(input);
  if (pairCount(data) === 0) throw new Error('trainExplicit: no training pairs');
  const m = cfg.robust === 'crm' ? 2 : cfg.ensemble;
  const split = explicitSplit(data, cfg, opts.episodes);
  const init = opts.init ?? null,
    pretrained = opts.pretrained ?? null;
  if (init && pretrained) throw new Error('trainExplicit: give a warm start (init) or a pretrained encoder, not both');
  const t0 = performance.now();
  const { g, members, rng } = buildTrainingGraph(cfg, m, init, pretrained);
  let seen = 0;
  let stopping: StoppingRecord[];
  if (cfg.robust === 'crm') {
    const optimizer = { kind: 'adamw' as const, lr: cfg.lr, weightDecay: cfg.weightDecay };
    const trainers: Trainer[] = [];
    try {
      for (const mg of members)
        trainers.push(
          await makeTrainer(g, {
            loss: mg.loss,
            params: mg.params,
            optimizer,
            outputs: { perPair: mg.perPair, z: mg.z },
          }),
        );
      const r = await trainCrm(g, trainers, data, split, cfg, rng.fork(), opts.onProgress);
      seen = r.seen;
      stopping = [r.record, r.record];
    } finally {
      await Promise.all(trainers.map((t) => t.free()));
    }
  } else {
    const jobs = Array.from({ length: m }, (_, k) => ({
      data,
      cfg,
      members: m,
      member: k,
      train: split.train,
      validation: split.validation,
      init,
      pretrained,
    }));
    const results = await trainMembers(jobs, opts.threads ?? 1, opts.onProgress, opts.threadsFromPairs);
    const live = new Map(g.params().map((p) => [p.name, p.data]));
    for (const r of results) for (const [name, v] of r.params) live.get(name)!.set(v);
    seen = results.reduce((s, r) => s + r.seen, 0);
    stopping = results.map((r) => r.record);
  }
  const pairsPerSecond = seen / ((performance.now() - t0) / 1000);
  const finalLoss = stopping.map((s) => s.trainLoss);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const bytes = checkpointBytes(g, {
    outputs: ['r'],
    info: {
      architecture: { kind: 'explicit', config: cfg, members: m },
      training: {
        pairs: split.train.length,
        validationPairs: split.validation.length,
        robust: cfg.robust,
        ensemble: m,
        warmStart: init !== null,
        pretrained: pretrained !== null,
      },
      dataHash: hashData(data.a, data.b, data.y),
      metrics: finiteOnly({
        finalLoss: mean(finalLoss),
        validationLoss: mean(stopping.map((s) => s.validationLoss)),
        epochsUsed: mean(stopping.map((s) => s.epochsUsed)),
      }),
    },
  });
  const model = new ExplicitRewardModel(opts.id ?? 'explicit', await openModel(bytes), cfg, m, bytes);
  return {
    model,
    finalLoss,
    stopping,
    trainPairs: split.train.length,
    validationPairs: split.validation.length,
    pairsPerSecond,
  };
}

function finiteOnly(r: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => Number.isFinite(v)));
}
