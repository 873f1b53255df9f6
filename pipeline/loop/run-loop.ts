/**
 * The headless loop (issue 7 §1): policy → rounds of (collect Q labels → train the reward
 * ensemble → evaluate RAS). Every phase boundary is saved in the store's `runs` table, and labels
 * are committed one query at a time, so a killed loop continues where it stopped and loses none.
 */
import { initPhysics, getTask } from '../../sim/index.ts';
import type { PreferenceStore } from '../../reward/index.ts';
import { LoopConfigSchema, type LoopConfigInput } from './loop-config.ts';
import { loadLoopState, loopRunKey, saveLoopState, type LoopState, type RoundSummary } from './loop-state.ts';
import { collectStage, evalStage, policyStage, trainStage } from './stages.ts';

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
  rounds: RoundSummary[];
}

export async function runLoop(store: PreferenceStore, input: LoopConfigInput, onProgress?: (p: LoopProgress) => void): Promise<LoopResult> {
  const cfg = LoopConfigSchema.parse(input);
  getTask(cfg.task);
  await initPhysics();
  const key = loopRunKey(cfg);
  const labelsNow = () => store.labelsFor(cfg.task).length;
  const existing = loadLoopState(store, key);
  const state: LoopState = existing ?? {
    config: cfg, phase: 'policy', round: 0, labelsAtRoundStart: 0, policyPath: null,
    modelId: null, modelPath: null, pendingTrain: null, slFinal: null, rounds: [],
  };
  const save = () => saveLoopState(store, key, state);
  const report = (done: number, total: number, info?: string) => onProgress?.({ phase: state.phase, round: state.round, done, total, info });

  while (state.phase !== 'done') {
    switch (state.phase) {
      case 'policy': {
        state.policyPath = await policyStage(store, cfg, key, report);
        state.slFinal = (await evalStage(cfg, 'sl', state.policyPath, null)).final;
        state.phase = 'collect';
        state.labelsAtRoundStart = labelsNow();
        break;
      }
      case 'collect': {
        const already = labelsNow() - state.labelsAtRoundStart;
        const remaining = cfg.queriesPerRound - already;
        if (remaining > 0) await collectStage(store, cfg, state.policyPath!, state.modelPath, state.round, already, remaining, report);
        state.phase = 'train';
        break;
      }
      case 'train': {
        const t = await trainStage(store, cfg, state.round, state.policyPath!, report);
        state.modelId = t.id;
        state.modelPath = t.path;
        state.pendingTrain = { labelAccuracy: t.labelAccuracy, labelPairs: t.labelPairs, ece: t.ece, spearman: t.spearman };
        state.phase = 'eval';
        break;
      }
      case 'eval': {
        report(0, cfg.evalSeeds, 'RAS evaluation');
        const ras = await evalStage(cfg, cfg.model, state.policyPath!, state.modelPath);
        state.rounds.push({
          round: state.round, labels: labelsNow(), modelId: state.modelId!, ...state.pendingTrain!,
          rasFinal: ras.final, rasSuccess: ras.success,
        });
        state.round++;
        state.pendingTrain = null;
        state.labelsAtRoundStart = labelsNow();
        state.phase = state.round >= cfg.rounds ? 'done' : 'collect';
        break;
      }
    }
    save();
  }
  return { runKey: key, resumed: existing !== null, policyPath: state.policyPath!, slFinal: state.slFinal!, rounds: state.rounds };
}
