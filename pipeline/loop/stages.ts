/**
 * The loop's stages, each a plain function over the store (ARCHITECTURE.md data flow):
 * policy (load or train on expert demos), collect (teacher labels into the store), train (reward
 * ensemble, registered), evaluate (RAS and SL over held-apart seeds).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultPolicyPath, loadOrCollectDemos, openPolicy, trainPolicy, type Policy } from '../../policy/index.ts';
import {
  collectRun, openRewardModel, resolveTeacher, selectorByName, trainExplicitOnStore, trainImplicitOnStore, type ExplicitRewardModel, type PreferenceStore,
} from '../../reward/index.ts';
import { getTask } from '../../sim/index.ts';
import { makeLocalPool, runEvaluation } from '../eval/index.ts';
import type { LoopConfig } from './loop-config.ts';

/** Fraction of episodes held out of reward training: the one split of reward/models (as `reward train`). */
export { HELD_OUT_FRACTION as HELD_OUT } from '../../reward/index.ts';
/** Evaluation seeds start here, apart from collection (200000+) and demo (100000+) seeds. */
export const EVAL_SEED_BASE = 900_000;

export type Progress = (done: number, total: number, info?: string) => void;

/** Where run artefacts go: beside the store (data/ by default). */
function runDir(store: PreferenceStore): string {
  return store.path === ':memory:' ? 'data' : dirname(store.path);
}

/** Resolves the candidate policy file: models/ default, a file, or one trained on expert demos now. */
export async function policyStage(store: PreferenceStore, cfg: LoopConfig, runKey: string, progress?: Progress): Promise<string> {
  if (cfg.policy === 'default') return defaultPolicyPath(cfg.task);
  if (cfg.policy !== 'train') {
    if (!existsSync(cfg.policy)) throw new Error(`--policy: no such file ${cfg.policy} (accepted: default, train, or a policy .onnx file)`);
    return cfg.policy;
  }
  const { demos } = await loadOrCollectDemos(getTask(cfg.task), { states: cfg.demos, seed: cfg.seed, onProgress: (d, t) => progress?.(d, t, 'expert demos') });
  const out = join(runDir(store), 'models', `${runKey.replace(/[^a-zA-Z0-9-]/g, '_')}-policy.onnx`);
  mkdirSync(dirname(out), { recursive: true });
  await trainPolicy(demos, { out, slim: true, train: { epochs: cfg.policyEpochs, seed: cfg.seed }, onEpoch: (p) => progress?.(p.epoch, p.epochs, `policy loss ${p.loss.toFixed(4)}`) });
  return out;
}

/** Collects `count` more labelled queries of the round into the store (uniformly until a reward model exists). */
export async function collectStage(
  store: PreferenceStore, cfg: LoopConfig, policyPath: string, modelPath: string | null, round: number, already: number, count: number,
  progress?: Progress,
): Promise<void> {
  const teacher = await resolveTeacher(cfg.teacher);
  // Before the first reward model exists (round 0) there is nothing to disagree on: uniform.
  const selector = selectorByName(modelPath ? cfg.selector : 'uniform');
  const policy: Policy = await openPolicy(policyPath, cfg.task);
  // Only an explicit ensemble guides query selection (the config allows other selectors only then).
  const model = modelPath && cfg.model === 'explicit' ? ((await openRewardModel(modelPath)) as ExplicitRewardModel) : undefined;
  try {
    await collectRun(
      { store, teacher, selector, model },
      () => policy,
      {
        task: cfg.task, queries: count, candidates: cfg.candidates, oversample: cfg.oversample,
        // Distinct seeds per round and per resume point, so a resumed round never repeats states.
        seed: 200_000 + cfg.seed * 100_000 + round * 10_000 + already,
      },
      (p) => progress?.(already + p.done, already + p.total, `label ${p.last.label.kind}`),
    );
  } finally {
    await policy.free();
    await model?.free();
  }
}

/**
 * Trains the round's reward on the task's non-held-out labels and registers it: the explicit
 * ensemble, or the implicit reward fine-tuned from the candidate policy at `policyPath`.
 */
export async function trainStage(store: PreferenceStore, cfg: LoopConfig, round: number, policyPath: string, progress?: Progress) {
  const epochs = cfg.epochs;
  const seed = cfg.seed * 1000 + round;
  const opts = { onProgress: (p: { epoch: number; epochs: number; loss: number }) => progress?.(p.epoch, p.epochs, `reward loss ${p.loss.toFixed(4)}`), extraMetrics: { round } };
  const { id, path, metrics } = cfg.model === 'implicit'
    ? await trainImplicitOnStore(store, cfg.task, policyPath, { seed, ...(epochs ? { epochs } : {}) }, opts)
    : await trainExplicitOnStore(store, cfg.task, { ensemble: cfg.ensemble, seed, ...(epochs ? { epochs } : {}) }, opts);
  return { id, path, labelAccuracy: metrics.labelAccuracy, labelPairs: metrics.labelPairs, ece: metrics.ece, spearman: metrics.spearmanReturn };
}

/** Mean final metric and success rate of `method` (sl, or RAS with the loop's reward) over the evaluation seeds. */
export async function evalStage(cfg: LoopConfig, method: 'sl' | LoopConfig['model'], policyPath: string, modelPath: string | null) {
  const models: Record<string, string> = { policy: policyPath };
  if (modelPath) models.reward = modelPath;
  const report = await runEvaluation(
    { task: cfg.task, methods: [method], seeds: cfg.evalSeeds, firstSeed: EVAL_SEED_BASE, steps: cfg.evalSteps, candidates: cfg.candidates, models },
    makeLocalPool(0),
  );
  const m = report.methods[0];
  return { final: m.final.mean, success: m.successRate };
}

