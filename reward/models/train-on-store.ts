/**
 * Train → evaluate → register for the explicit and implicit rewards, from the store's labels: what
 * `prefsim reward train`, the headless loop and anything else that trains from the store share.
 */
import { taskAllowsRotation } from '../../policy/demos/augment.ts';
import type { PreferenceStore } from '../store/index.ts';
import type { ExplicitConfigInput } from './explicit-config.ts';
import { trainExplicit, type TrainProgress } from './explicit-trainer.ts';
import type { ImplicitConfigInput } from './implicit-config.ts';
import { implicitPairs, readPolicy, trainImplicit, type ImplicitProgress } from './implicit-trainer.ts';
import { evaluateOnStore } from './evaluate.ts';
import { saveAndRegister, type SavableModel } from './model-io.ts';
import { registryMetrics, type RegistryMetrics } from './registry-metrics.ts';
import type { RewardKind, RewardModel } from './reward-model.ts';
import { episodeSplit, HELD_OUT_FRACTION } from './split.ts';
import { pairsFromStore } from './store-data.ts';

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
}

/** Trains on the task's non-held-out pair and ranking labels, evaluates held out, registers. */
export async function trainExplicitOnStore(
  store: PreferenceStore, task: string, cfg: ExplicitConfigInput, opts: StoreTrainOptions<TrainProgress> = {},
): Promise<StoreTrainResult> {
  const heldOut = opts.heldOut ?? HELD_OUT_FRACTION;
  const split = episodeSplit(store, task, heldOut);
  const { data } = pairsFromStore(store, task, (p) => !split.isHeldOut(p.stateId));
  if (data.y.length === 0) throw new Error(`reward train: no pair or ranking labels for task ${task} in ${store.path} (run prefsim collect first)`);
  // Rotation augmentation by default where the task's goal is rotation-invariant.
  const { model, pairsPerSecond } = await trainExplicit(data, { rotate: taskAllowsRotation(task), ...cfg }, { onProgress: opts.onProgress });
  return evaluateAndRegister(store, task, model, 'explicit', heldOut, { trainPairs: data.y.length, pairsPerSecond, ...opts.extraMetrics });
}

/**
 * Diffusion-DPO fine-tuning of the policy at `policy` on the task's decisive non-held-out pair and
 * ranking labels, then held-out evaluation and registration (`prefsim reward train --model
 * implicit` and `prefsim loop --model implicit`).
 */
export async function trainImplicitOnStore(
  store: PreferenceStore, task: string, policy: string, cfg: ImplicitConfigInput,
  opts: StoreTrainOptions<ImplicitProgress> = {},
): Promise<StoreTrainResult> {
  const heldOut = opts.heldOut ?? HELD_OUT_FRACTION;
  const policyTask = readPolicy(policy).arch.task;
  if (policyTask !== task) throw new Error(`reward train: policy ${policy} was trained on task ${policyTask}, not ${task}`);
  const split = episodeSplit(store, task, heldOut);
  const { data, observations } = pairsFromStore(store, task, (p) => !split.isHeldOut(p.stateId));
  const pairs = implicitPairs(observations, data);
  if (pairs.stateOf.length === 0) throw new Error(`reward train: no decisive pair or ranking labels for task ${task} in ${store.path} (run prefsim collect first)`);
  const { model, pairsPerSecond } = await trainImplicit(pairs, policy, cfg, { onProgress: opts.onProgress });
  return evaluateAndRegister(store, task, model, 'implicit', heldOut, { trainPairs: pairs.stateOf.length, pairsPerSecond, ...opts.extraMetrics }, { policy });
}

/**
 * Held-out evaluation of a freshly trained model, then save and register it with its metrics
 * (non-finite figures as null) and `registryNotes`; frees the model.
 */
async function evaluateAndRegister(
  store: PreferenceStore, task: string, model: RewardModel & SavableModel, kind: RewardKind, heldOut: number,
  trainMetrics: Record<string, number>, registryNotes: Record<string, string> = {},
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
