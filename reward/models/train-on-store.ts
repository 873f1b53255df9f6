/**
 * Train → evaluate → register for the explicit reward, from the store's labels: what
 * `prefsim reward train`, the headless loop and anything else that trains from the store share.
 */
import { taskAllowsRotation } from '../../policy/demos/augment.ts';
import type { PreferenceStore } from '../store/index.ts';
import type { ExplicitConfigInput } from './explicit-config.ts';
import { trainExplicit, type TrainProgress } from './explicit-trainer.ts';
import type { ImplicitConfigInput } from './implicit-config.ts';
import { implicitPairs, readPolicy, trainImplicit, type ImplicitTrainOptions } from './implicit-trainer.ts';
import { evaluateOnStore } from './evaluate.ts';
import { saveAndRegister } from './model-io.ts';
import { isHeldOut, pairsFromStore } from './store-data.ts';

/** Fraction of states held out of training for held-out accuracy (by state id hash). */
export const DEFAULT_HELD_OUT = 0.2;

export interface StoreTrainResult {
  id: string;
  path: string;
  /** Finite numbers, or null where a figure is undefined (e.g. no held-out pairs yet). */
  metrics: Record<string, number | null>;
}

/** Trains on the task's non-held-out pair and ranking labels, evaluates held out, registers. */
export async function trainExplicitOnStore(
  store: PreferenceStore, task: string, cfg: ExplicitConfigInput,
  opts: { heldOut?: number; onProgress?: (p: TrainProgress) => void; extraMetrics?: Record<string, number> } = {},
): Promise<StoreTrainResult> {
  const heldOut = opts.heldOut ?? DEFAULT_HELD_OUT;
  const { data } = pairsFromStore(store, task, (p) => !isHeldOut(p.stateId, heldOut));
  if (data.y.length === 0) throw new Error(`reward train: no pair or ranking labels for task ${task} in ${store.path} (run prefsim collect first)`);
  // Rotation augmentation by default where the task's goal is rotation-invariant.
  const { model, pairsPerSecond } = await trainExplicit(data, { rotate: taskAllowsRotation(task), ...cfg }, { onProgress: opts.onProgress });
  try {
    const ev = await evaluateOnStore(model, store, task, heldOut);
    const raw = {
      trainPairs: data.y.length, pairsPerSecond, heldOutAccuracy: ev.accuracy, ece: ev.ece, spearman: ev.spearman,
      heldOutPairs: ev.pairs, ...opts.extraMetrics,
    };
    const metrics = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number.isFinite(v) ? v : null]));
    const { id, path } = saveAndRegister(store, model, task, 'explicit', metrics);
    return { id, path, metrics };
  } finally {
    await model.free();
  }
}

/**
 * Diffusion-DPO fine-tuning of the policy at `policy` on the task's decisive non-held-out pair and
 * ranking labels, then held-out evaluation and registration (`prefsim reward train --model
 * implicit` and `prefsim loop --model implicit`).
 */
export async function trainImplicitOnStore(
  store: PreferenceStore, task: string, policy: string, cfg: ImplicitConfigInput,
  opts: { heldOut?: number; onProgress?: ImplicitTrainOptions['onProgress']; extraMetrics?: Record<string, number> } = {},
): Promise<StoreTrainResult> {
  const heldOut = opts.heldOut ?? DEFAULT_HELD_OUT;
  const policyTask = readPolicy(policy).arch.task;
  if (policyTask !== task) throw new Error(`reward train: policy ${policy} was trained on task ${policyTask}, not ${task}`);
  const { data, observations } = pairsFromStore(store, task, (p) => !isHeldOut(p.stateId, heldOut));
  const pairs = implicitPairs(observations, data);
  if (pairs.stateOf.length === 0) throw new Error(`reward train: no decisive pair or ranking labels for task ${task} in ${store.path} (run prefsim collect first)`);
  const { model, pairsPerSecond } = await trainImplicit(pairs, policy, cfg, { onProgress: opts.onProgress });
  try {
    const ev = await evaluateOnStore(model, store, task, heldOut);
    const raw = {
      trainPairs: pairs.stateOf.length, pairsPerSecond, heldOutAccuracy: ev.accuracy, ece: ev.ece, spearman: ev.spearman,
      heldOutPairs: ev.pairs, ...opts.extraMetrics,
    };
    const metrics = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number.isFinite(v) ? v : null]));
    const { id, path } = saveAndRegister(store, model, task, 'implicit', { ...metrics, policy });
    return { id, path, metrics };
  } finally {
    await model.free();
  }
}
