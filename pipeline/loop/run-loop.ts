/**
 * The headless loop (issue 7 §1): policy → rounds of (collect Q labels → train the reward
 * ensemble → evaluate RAS). Every phase boundary is saved in the store's `runs` table, and labels
 * are committed one query at a time, so a killed loop continues where it stopped and loses none.
 */
import { availableParallelism } from 'node:os';
import { initPhysics, getTask } from '../../sim/index.ts';
import { makeLocalPool } from '../eval/index.ts';
import type { PreferenceStore } from '../../reward/index.ts';
import { LoopConfigSchema, type LoopConfigInput } from './loop-config.ts';
import { loadLoopState, loopRunKey, saveLoopState, type LoopState, type RoundSummary } from './loop-state.ts';
import { collectStage, evalStage, policyStage, trainStage } from './stages.ts';
import { improveStage } from './improve-stage.ts';
import { collectWorkers } from './collect-workers.ts';

export interface LoopProgress {
  phase: LoopState['phase'];
  round: number;
  done: number;
  total: number;
  info?: string;
}

export interface LoopResult {
  runKey: string;
  resumed: boolean;
  policyPath: string;
  /** SL baseline (the policy alone), mean final metric over the evaluation seeds. */
  slFinal: number;
  /** The policy the run started from (with improve, `policyPath` is the last round's fine-tuned one). */
  basePolicyPath: string;
  rounds: RoundSummary[];
}

/** Evaluation seeds from which the RAS evaluation runs on the worker pool (same results either way). */
const MIN_SEEDS_FOR_POOL = 8;

/** How the loop runs; nothing here changes its results. */
export interface LoopRunOptions {
  /**
   * Worker threads for collection, ensemble members and the RAS evaluation pool (default: the
   * machine's cores; members all train at once, up to two per thread, so none trains alone on a
   * core while another idles). Episodes, members and evaluation seeds run independently with one
   * ORT thread each, so results are bit-identical whatever the count; only the wall-clock changes.
   */
  threads?: number;
  onProgress?: (p: LoopProgress) => void;
}

export async function runLoop(
  store: PreferenceStore,
  input: LoopConfigInput,
  opts: LoopRunOptions | ((p: LoopProgress) => void) = {},
): Promise<LoopResult> {
  const o = typeof opts === 'function' ? { onProgress: opts } : opts;
  const threads = Math.max(1, o.threads ?? availableParallelism());
  const onProgress = o.onProgress;
  const cfg = LoopConfigSchema.parse(input);
  getTask(cfg.task);
  await initPhysics();
  const key = loopRunKey(cfg);
  const existing = loadLoopState(store, key);
  const state: LoopState = existing ?? {
    config: cfg,
    phase: 'policy',
    seedLayout: 'episodes',
    round: 0,
    labelsAtRoundStart: 0,
    labelIds: [],
    policyPath: null,
    basePolicyPath: null,
    pendingImprove: null,
    modelId: null,
    modelPath: null,
    pendingTrain: null,
    slFinal: null,
    rounds: [],
  };
  const save = () => saveLoopState(store, key, state);
  const report = (done: number, total: number, info?: string) =>
    onProgress?.({ phase: state.phase, round: state.round, done, total, info });
  // Runs inside the label's transaction: the label and the run's record of it commit together.
  const committed = (labelId: number) => {
    state.labelIds.push(labelId);
    save();
  };
  // Booting a worker costs seconds: a handful of evaluation seeds runs faster in this thread.
  const pool = makeLocalPool(threads > 1 && cfg.evalSeeds >= MIN_SEEDS_FOR_POOL ? threads : 0);
  const workers = collectWorkers(threads);
  try {
    while (state.phase !== 'done') {
      switch (state.phase) {
        case 'policy': {
          state.policyPath = await policyStage(store, cfg, key, report);
          state.basePolicyPath = state.policyPath;
          report(0, cfg.evalSeeds, 'SL evaluation');
          state.slFinal = (await evalStage(cfg, 'sl', state.policyPath, null, pool)).final;
          state.phase = 'collect';
          state.labelsAtRoundStart = state.labelIds.length;
          break;
        }
        case 'collect': {
          const already = state.labelIds.length - state.labelsAtRoundStart;
          const last = already > 0 ? state.labelIds[state.labelIds.length - 1] : null;
          report(already, cfg.queriesPerRound, 'collecting labels');
          if (already < cfg.queriesPerRound) {
            await collectStage(
              store,
              cfg,
              state.policyPath!,
              state.modelPath,
              state.seedLayout,
              state.round,
              already,
              last,
              committed,
              report,
              workers,
            );
          }
          state.phase = 'train';
          break;
        }
        case 'train': {
          report(0, cfg.epochs ?? 1, 'training the reward');
          // state.modelPath is still the previous round's model here: the warm start.
          const t = await trainStage(
            store,
            cfg,
            state.round,
            state.policyPath!,
            { ownLabels: state.labelIds, init: state.modelPath, threads },
            report,
          );
          state.modelId = t.id;
          state.modelPath = t.path;
          state.pendingTrain = {
            labelAccuracy: t.labelAccuracy,
            labelPairs: t.labelPairs,
            ece: t.ece,
            spearman: t.spearman,
            labels: t.labels,
            epochsUsed: t.epochsUsed,
          };
          state.phase = cfg.improve ? 'improve' : 'eval';
          break;
        }
        case 'improve': {
          report(0, 1, "RAFT: fine-tuning the policy on the reward's top candidates");
          const imp = await improveStage(
            store,
            cfg,
            key,
            state.round,
            state.policyPath!,
            state.basePolicyPath ?? state.policyPath!,
            state.modelPath!,
            state.modelId!,
            pool,
            report,
          );
          state.pendingImprove = imp;
          state.policyPath = imp.policyPath;
          state.phase = 'eval';
          break;
        }
        case 'eval': {
          report(0, cfg.evalSeeds, 'RAS evaluation');
          const ras = await evalStage(cfg, cfg.model, state.policyPath!, state.modelPath, pool);
          const { labels, ...train } = state.pendingTrain!;
          state.rounds.push({
            round: state.round,
            modelId: state.modelId!,
            ...train,
            labels,
            rasFinal: ras.final,
            rasSuccess: ras.success,
            ...(state.pendingImprove ? { improve: state.pendingImprove } : {}),
          });
          state.round++;
          state.pendingTrain = null;
          state.pendingImprove = null;
          state.labelsAtRoundStart = state.labelIds.length;
          state.phase = state.round >= cfg.rounds ? 'done' : 'collect';
          break;
        }
      }
      save();
    }
  } finally {
    await Promise.all([pool.close(), workers.close()]);
  }
  return {
    runKey: key,
    resumed: existing !== null,
    policyPath: state.policyPath!,
    basePolicyPath: state.basePolicyPath ?? state.policyPath!,
    slFinal: state.slFinal!,
    rounds: state.rounds,
  };
}
