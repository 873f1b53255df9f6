/**
 * The loop's stages, each a plain function over the store (ARCHITECTURE.md data flow):
 * policy (load or train on expert demos), collect (teacher labels into the store), train (reward
 * ensemble, registered), evaluate (RAS and SL over held-apart seeds).
 */
import { SCENE_SEED_SPACES, seedFor } from '../../core/seeds.ts';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultPolicyPath, loadOrCollectDemos, openPolicy, trainPolicy, type Policy } from '../../policy/index.ts';
import {
  openRewardModel,
  horizonTeacher,
  resolveTeacher,
  selectorByName,
  trainExplicitOnStore,
  trainImplicitOnStore,
  trainRaplOnStore,
  type ExplicitRewardModel,
  type Label,
  type PreferenceStore,
  type TrainingPair,
} from '../../reward/index.ts';
import { getTask } from '../../sim/index.ts';
import { runEvaluation, type JobRunner } from '../eval/index.ts';
import { collectRound, collectRoundOnThreads, type RoundCollection } from './collect-round.ts';
import { collectWorkers, type CollectWorkers } from './collect-workers.ts';
import type { LoopConfig } from './loop-config.ts';
import type { SceneSeedLayout } from './scene-seeds.ts';

/** Fraction of episodes held out of reward training: the one split of reward/models (as `reward train`). */
export { HELD_OUT_FRACTION as HELD_OUT } from '../../reward/index.ts';
/** Evaluation seeds start here (900000), apart from collection (1000000+) and demo (100000+) seeds. */
export const EVAL_SEED_BASE = SCENE_SEED_SPACES.loopEvaluation;

export type Progress = (done: number, total: number, info?: string) => void;

/** Where run artefacts go: beside the store (data/ by default). */
export function runDir(store: PreferenceStore): string {
  return store.path === ':memory:' ? 'data' : dirname(store.path);
}

/** Resolves the candidate policy file: models/ default, a file, or one trained on expert demos now. */
export async function policyStage(
  store: PreferenceStore,
  cfg: LoopConfig,
  runKey: string,
  progress?: Progress,
): Promise<string> {
  if (cfg.policy === 'default') return defaultPolicyPath(cfg.task);
  if (cfg.policy !== 'train') {
    if (!existsSync(cfg.policy))
      throw new Error(`--policy: no such file ${cfg.policy} (accepted: default, train, or a policy .onnx file)`);
    return cfg.policy;
  }
  const { demos } = await loadOrCollectDemos(getTask(cfg.task), {
    states: cfg.demos,
    seed: cfg.seed,
    onProgress: (d, t) => progress?.(d, t, 'expert demos'),
  });
  const out = join(runDir(store), 'models', `${runKey.replace(/[^a-zA-Z0-9-]/g, '_')}-policy.onnx`);
  mkdirSync(dirname(out), { recursive: true });
  await trainPolicy(demos, {
    out,
    slim: true,
    train: { epochs: cfg.policyEpochs, seed: cfg.seed },
    onEpoch: (p) => progress?.(p.epoch, p.epochs, `policy loss ${p.loss.toFixed(4)}`),
  });
  return out;
}

/** Below this many queries left in a round, collection stays in this thread: booting workers costs seconds. */
export const MIN_QUERIES_FOR_THREADS = 40;

/**
 * Collects queries `already`..`queriesPerRound − 1` of the round (uniformly until a reward model
 * exists), each scene's episode on one of the `workers` threads when there are enough.
 */
export async function collectStage(
  store: PreferenceStore,
  cfg: LoopConfig,
  policyPath: string,
  modelPath: string | null,
  seedLayout: SceneSeedLayout,
  round: number,
  already: number,
  lastLabel: number | null,
  committed: (labelId: number) => void,
  progress?: Progress,
  workers: CollectWorkers = collectWorkers(1),
): Promise<void> {
  const threads = workers.threads;
  // Before the first reward model exists (round 0) there is nothing to disagree on: uniform.
  const selectorName = modelPath ? cfg.selector : 'uniform';
  // Only an explicit ensemble guides query selection (the config allows other selectors only then).
  const guide = modelPath && cfg.model === 'explicit' ? modelPath : null;
  const round0: RoundCollection = {
    task: cfg.task,
    runSeed: cfg.seed,
    seedLayout,
    queriesPerRound: cfg.queriesPerRound,
    round,
    done: already,
    total: cfg.queriesPerRound,
    candidates: cfg.candidates,
    oversample: cfg.oversample,
    lastLabel,
    // RAPL trains on the outcomes' recorded frames.
    framesDir: cfg.model === 'rapl' ? join(runDir(store), 'frames') : null,
  };
  const onQuery = (done: number, label: Label) => progress?.(done, cfg.queriesPerRound, `label ${label.kind}`);
  const model = guide ? ((await openRewardModel(guide)) as ExplicitRewardModel) : undefined;
  try {
    if (threads > 1 && cfg.queriesPerRound - already >= MIN_QUERIES_FOR_THREADS) {
      const inputs = {
        policyPath,
        modelPath: guide,
        teacher: cfg.teacher,
        horizon: cfg.horizon ?? 0,
        selector: selectorName,
      };
      await collectRoundOnThreads(store, workers.pool(), inputs, model?.id, round0, 2 * threads, committed, onQuery);
      return;
    }
    const teacher = horizonTeacher(await resolveTeacher(cfg.teacher), cfg.horizon ?? 0);
    const policy: Policy = await openPolicy(policyPath, cfg.task);
    try {
      await collectRound(
        store,
        { teacher, selector: selectorByName(selectorName), model, policy },
        round0,
        committed,
        onQuery,
      );
    } finally {
      await policy.free();
    }
  } finally {
    await model?.free();
  }
}

/** How the train stage runs: which labels, from which model, on how many threads. */
export interface TrainStageOptions {
  /** Label ids of this run (trained on unless the config reuses every label of the task). */
  ownLabels: number[];
  /** The previous round's explicit model file, to warm-start from (null: from the seed's init). */
  init: string | null;
  threads: number;
}

/**
 * Trains the round's reward on the non-held-out labels and registers it: the explicit
 * ensemble (warm-started from the previous round's when given), or the implicit reward
 * fine-tuned from the candidate policy at `policyPath`.
 */
export async function trainStage(
  store: PreferenceStore,
  cfg: LoopConfig,
  round: number,
  policyPath: string,
  t: TrainStageOptions,
  progress?: Progress,
) {
  const epochs = cfg.epochs;
  const seed = seedFor.loopTrain(cfg.seed, round);
  const own = new Set(t.ownLabels);
  const keep = (p: Pick<TrainingPair, 'labelId'>) => cfg.reuseLabels || own.has(p.labelId);
  const labels = cfg.reuseLabels ? store.labelsFor(cfg.task).length : own.size;
  const onProgress = (p: { epoch: number; epochs: number; loss: number; member?: number }) =>
    progress?.(
      p.epoch,
      p.epochs,
      `${p.member === undefined ? '' : `member ${p.member} `}reward loss ${p.loss.toFixed(4)}`,
    );
  const opts = { onProgress, keep, extraMetrics: { round } };
  const { id, path, metrics } =
    cfg.model === 'implicit'
      ? await trainImplicitOnStore(store, cfg.task, policyPath, { seed, ...(epochs ? { epochs } : {}) }, opts)
      : cfg.model === 'rapl'
        ? await trainRaplOnStore(store, cfg.task, { seed, ...(epochs ? { epochs } : {}) }, opts)
        : await trainExplicitOnStore(
            store,
            cfg.task,
            { ensemble: cfg.ensemble, seed, ...(epochs ? { epochs } : {}) },
            {
              ...opts,
              threads: t.threads,
              init: t.init && cfg.warmStart ? new Uint8Array(readFileSync(t.init)) : null,
            },
          );
  return {
    id,
    path,
    labels,
    labelAccuracy: metrics.labelAccuracy ?? null,
    labelPairs: metrics.labelPairs ?? null,
    ece: metrics.ece ?? null,
    spearman: metrics.spearmanReturn ?? metrics.spearman ?? null,
    epochsUsed: metrics.epochsUsed ?? null,
  };
}

/** Mean final metric and success rate of `method` (sl, or RAS with the loop's reward) over the evaluation seeds. */
export async function evalStage(
  cfg: LoopConfig,
  method: 'sl' | LoopConfig['model'],
  policyPath: string,
  modelPath: string | null,
  pool: JobRunner,
) {
  const models: Record<string, string> = { policy: policyPath };
  if (modelPath) models.reward = modelPath;
  const report = await runEvaluation(
    {
      task: cfg.task,
      methods: [method],
      seeds: cfg.evalSeeds,
      firstSeed: EVAL_SEED_BASE,
      steps: cfg.evalSteps,
      candidates: cfg.candidates,
      models,
    },
    pool,
  );
  const m = report.methods[0];
  return { final: m.final.mean, success: m.successRate };
}
