/**
 * Train → evaluate → register for the explicit, implicit and RAPL rewards, from the store's labels: what
 * `prefsim reward train`, the headless loop and anything else that trains from the store share.
 */
import { taskAllowsRotation } from '../../policy/demos/augment.ts';
import type { PreferenceStore, TrainingPair } from '../store/index.ts';
import type { ExplicitConfigInput } from './explicit-config.ts';
import { parseExplicitConfig, trainExplicit, type TrainProgress } from './explicit-trainer.ts';
import { readPretrainedEncoder } from './explicit-pretrain.ts';
import type { ImplicitConfigInput } from './implicit-config.ts';
import { implicitPairs, readPolicy, trainImplicit, type ImplicitProgress } from './implicit-trainer.ts';
import { evaluateOnStore } from './evaluate.ts';
import { saveAndRegister, type SavableModel } from './model-io.ts';
import { registryMetrics, type RegistryMetrics } from './registry-metrics.ts';
import type { RewardKind, RewardModel } from './reward-model.ts';
import { episodeSplit, HELD_OUT_FRACTION, MIN_TRUSTED_PAIRS } from './split.ts';
import { proportion } from './wilson.ts';
import { pairsFromStore } from './store-data.ts';
import { RaplConfigSchema, type RaplConfigInput } from './rapl-config.ts';
import { evaluateRaplOnStore } from './rapl-evaluate.ts';
import { preferredDemosFromStore, tripletsFromStore } from './rapl-store.ts';
import { trainRapl } from './rapl-trainer.ts';

export interface StoreTrainResult {
  id: string;
  path: string;
  /** The registry keys of registry-metrics.ts plus the trainer's own (trainPairs, pairsPerSecond, ...). */
  metrics: RegistryMetrics;
  /** Figures standing on too few held-out pairs, in words (cli prints them). */
  warnings: string[];
}

/** Options both store trainers share. */
interface StoreTrainOptions<P> {
  /** Fraction of episodes held out (default `HELD_OUT_FRACTION`). */
  heldOut?: number;
  onProgress?: (p: P) => void;
  extraMetrics?: Record<string, number>;
  /** Which label records to train on (default all; the loop passes its own run's labels). Pairs and triplets. */
  keep?: (p: Pick<TrainingPair, 'labelId'>) => boolean;
}

/** Options of the explicit store trainer beyond the shared ones. */
export interface ExplicitStoreTrainOptions extends StoreTrainOptions<TrainProgress> {
  /** Warm start: checkpoint bytes of the previous model (same architecture and members). */
  init?: Uint8Array | null;
  /** Worker threads for ensemble members (the model does not depend on it). */
  threads?: number;
  /** Pretraining checkpoint (`prefsim reward pretrain`) whose encoder every member starts from. */
  pretrained?: string | Uint8Array | null;
}

/** Trains on the task's non-held-out pair and ranking labels, evaluates held out, registers. */
export async function trainExplicitOnStore(
  store: PreferenceStore,
  task: string,
  cfg: ExplicitConfigInput,
  opts: ExplicitStoreTrainOptions = {},
): Promise<StoreTrainResult> {
  const heldOut = opts.heldOut ?? HELD_OUT_FRACTION;
  const split = episodeSplit(store, task, heldOut);
  const keep = opts.keep ?? (() => true);
  const { data, stateIds } = pairsFromStore(store, task, (p) => !split.isHeldOut(p.stateId) && keep(p));
  if (data.y.length === 0)
    throw new Error(
      `reward train: no pair or ranking labels for task ${task} in ${store.path} (run prefsim collect first)`,
    );
  // The early-stopping split keeps episodes (scene seeds) whole.
  const episodes = stateIds.map((id) => store.getState(id).seed);
  // Rotation augmentation by default where the task's goal is rotation-invariant.
  const full = parseExplicitConfig({ rotate: taskAllowsRotation(task), ...cfg });
  const pretrained = opts.pretrained ? readPretrainedEncoder(opts.pretrained, full) : null;
  const r = await trainExplicit(data, full, {
    onProgress: opts.onProgress,
    episodes,
    init: opts.init,
    threads: opts.threads,
    pretrained,
  });
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return evaluateAndRegister(store, task, r.model, 'explicit', heldOut, {
    trainPairs: r.trainPairs,
    validationPairs: r.validationPairs,
    pairsPerSecond: r.pairsPerSecond,
    epochsUsed: mean(r.stopping.map((s) => s.epochsUsed)),
    bestEpoch: mean(r.stopping.map((s) => s.bestEpoch)),
    trainLoss: mean(r.stopping.map((s) => s.trainLoss)),
    validationLoss: mean(r.stopping.map((s) => s.validationLoss)),
    warmStart: opts.init ? 1 : 0,
    pretrained: pretrained ? 1 : 0,
    ...opts.extraMetrics,
  });
}

/**
 * Diffusion-DPO fine-tuning of the policy at `policy` on the task's decisive non-held-out pair and
 * ranking labels, then held-out evaluation and registration (`prefsim reward train --model
 * implicit` and `prefsim loop --model implicit`).
 */
export async function trainImplicitOnStore(
  store: PreferenceStore,
  task: string,
  policy: string,
  cfg: ImplicitConfigInput,
  opts: StoreTrainOptions<ImplicitProgress> = {},
): Promise<StoreTrainResult> {
  const heldOut = opts.heldOut ?? HELD_OUT_FRACTION;
  const policyTask = readPolicy(policy).arch.task;
  if (policyTask !== task)
    throw new Error(`reward train: policy ${policy} was trained on task ${policyTask}, not ${task}`);
  const split = episodeSplit(store, task, heldOut);
  const keep = opts.keep ?? (() => true);
  const { data, observations, stateIds } = pairsFromStore(store, task, (p) => !split.isHeldOut(p.stateId) && keep(p));
  // The early-stopping split keeps episodes (scene seeds) whole, as the explicit trainer's does.
  const pairs = implicitPairs(
    observations,
    data,
    Int32Array.from(stateIds, (id) => store.getState(id).seed),
  );
  if (pairs.stateOf.length === 0)
    throw new Error(
      `reward train: no decisive pair or ranking labels for task ${task} in ${store.path} (run prefsim collect first)`,
    );
  const r = await trainImplicit(pairs, policy, cfg, { onProgress: opts.onProgress });
  return evaluateAndRegister(
    store,
    task,
    r.model,
    'implicit',
    heldOut,
    {
      trainPairs: r.trainPairs,
      validationPairs: r.valPairs,
      pairsPerSecond: r.pairsPerSecond,
      epochsUsed: r.epochLosses.length,
      bestEpoch: r.bestEpoch,
      trainLoss: r.finalLoss,
      validationLoss: r.valLosses[r.bestEpoch - 1] ?? NaN,
      ...opts.extraMetrics,
    },
    { policy },
  );
}

/**
 * Held-out evaluation of a freshly trained model, then save and register it with its metrics
 * (non-finite figures as null) and `registryNotes`; frees the model.
 */
async function evaluateAndRegister(
  store: PreferenceStore,
  task: string,
  model: RewardModel & SavableModel,
  kind: RewardKind,
  heldOut: number,
  trainMetrics: Record<string, number>,
  registryNotes: Record<string, string> = {},
): Promise<StoreTrainResult> {
  try {
    const ev = await evaluateOnStore(model, store, task, { fraction: heldOut });
    const own = Object.fromEntries(Object.entries(trainMetrics).map(([k, v]) => [k, Number.isFinite(v) ? v : null]));
    const metrics = { ...own, ...registryMetrics(ev) };
    const { id, path } = saveAndRegister(store, model, task, kind, { ...metrics, ...registryNotes });
    return { id, path, metrics, warnings: ev.warnings };
  } finally {
    await model.free();
  }
}

/** Demos the RAPL reward compares against (paper: a handful of preferred episodes). */
export const RAPL_DEMOS = 6;

/**
 * RAPL on the task's non-held-out triplet labels (their outcomes' recorded frames): the encoder
 * is aligned by the OT triplet loss, the demos are the preferred trajectories of those triplets;
 * then held-out Spearman ρ against the true return and triplet-pair accuracy, and registration
 * (`prefsim reward train --model rapl` and `prefsim loop --model rapl`).
 */
export async function trainRaplOnStore(
  store: PreferenceStore,
  task: string,
  input: RaplConfigInput,
  opts: StoreTrainOptions<{ epoch: number; epochs: number; loss: number; validationLoss: number }> = {},
): Promise<StoreTrainResult> {
  const heldOut = opts.heldOut ?? HELD_OUT_FRACTION;
  const cfg = RaplConfigSchema.parse(input);
  const split = episodeSplit(store, task, heldOut);
  const own = opts.keep ?? (() => true);
  const keep = (t: { stateId: number; labelId: number }) => !split.isHeldOut(t.stateId) && own(t);
  const triplets = tripletsFromStore(store, task, cfg, keep);
  if (triplets.length === 0)
    throw new Error(
      `reward train: no triplet labels for task ${task} in ${store.path} (collect with --teacher triplet or ` +
        `keep-out:kind=triplet)`,
    );
  const demos = preferredDemosFromStore(store, task, RAPL_DEMOS, cfg, keep);
  const { model, tripletsPerSecond, record } = await trainRapl(triplets, cfg, { demos, onProgress: opts.onProgress });
  try {
    const ev = await evaluateRaplOnStore(model, store, task, heldOut);
    const raw: Record<string, number> = {
      trainTriplets: triplets.length,
      demos: demos.length,
      tripletsPerSecond,
      // The checkpoint rule's record (losses null without --validation: the last epoch is kept).
      epochsUsed: record.epochsUsed,
      bestEpoch: record.bestEpoch,
      trainLoss: record.trainLoss,
      validationLoss: record.validationLoss,
      validationTriplets: record.validationTriplets,
      spearman: ev.spearman,
      heldOutOutcomes: ev.outcomes,
      ece: NaN,
      ...opts.extraMetrics, // no ECE: an OT reward gives no probabilities
    };
    // labelAccuracy: the held-out triplets' pairs ordered as labelled (registry-metrics.ts keys).
    const label = proportion(Math.round(ev.tripletPairAccuracy * ev.tripletPairs) || 0, ev.tripletPairs);
    Object.assign(raw, {
      labelAccuracy: label.value,
      labelPairs: label.n,
      labelAccuracyLo: label.ci95[0],
      labelAccuracyHi: label.ci95[1],
    });
    const metrics = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number.isFinite(v) ? v : null]));
    const { id, path } = saveAndRegister(store, model, task, 'rapl', { ...metrics, cost: cfg.cost });
    const warnings =
      label.n < MIN_TRUSTED_PAIRS
        ? [`labelAccuracy stands on ${label.n} held-out triplet pairs (fewer than ${MIN_TRUSTED_PAIRS})`]
        : [];
    return { id, path, metrics, warnings };
  } finally {
    await model.free();
  }
}
