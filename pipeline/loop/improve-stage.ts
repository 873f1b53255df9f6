/**
 * The loop's improve step (issue 19 §2), also what `prefsim policy raft` runs: RAFT of the
 * current policy under the round's reward, mixed with the demos the base policy was trained on
 * (from the demo cache), written beside the store and registered as a `policy` model whose
 * metrics are the RAFT record (how it was made).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  baseDemoOptions,
  demoCachePath,
  DEMO_CACHE_DIR,
  loadOrCollectDemos,
  runRaft,
  type RaftConfigInput,
  type RaftProgress,
  type RaftRecord,
  type RaftScorer,
} from '../../policy/index.ts';
import { openRewardModel, sceneScorer, type JsonValue, type PreferenceStore } from '../../reward/index.ts';
import { getTask, initPhysics } from '../../sim/index.ts';
import { candidateReturns, type JobRunner } from '../eval/index.ts';
import type { LoopConfig } from './loop-config.ts';
import type { ImproveSummary } from './loop-state.ts';
import { evalStage, runDir, type Progress } from './stages.ts';

/** `rewardPath` that scores candidates by their true return (privileged). */
export const ORACLE_REWARD = 'oracle';

export interface ImproveOptions {
  task: string;
  /** The policy to fine-tune (prefsim checkpoint). */
  policyPath: string;
  /** The policy whose demos are mixed in (the loop's base policy; default `policyPath`). */
  demosOf?: string;
  /** Reward model file, or 'oracle' (the true return of each candidate: privileged, a ceiling). */
  rewardPath: string;
  rewardId?: string;
  config: RaftConfigInput;
  out: string;
  demoCache?: string;
  /** Mix in only the first S of the base's demo states (the cache collects them in order, so they are its prefix). */
  demoStates?: number;
  /**
   * Also measure the true one-step return of the kept and of all candidates (privileged; N extra simulations per
   * state).
   */
  measureTruth?: boolean;
  command?: string;
  onProgress?: (p: RaftProgress | { phase: 'demos'; done: number; total: number }) => void;
}

export interface ImproveResult {
  record: RaftRecord;
  /** Registry id of the new policy (null without a store). */
  id: string | null;
}

export async function raftImprove(store: PreferenceStore | null, o: ImproveOptions): Promise<ImproveResult> {
  await initPhysics();
  const task = getTask(o.task);
  const base = baseDemoOptions(o.demosOf ?? o.policyPath);
  const demoOpts = o.demoStates === undefined ? base : { ...base, states: Math.min(base.states, o.demoStates) };
  const dir = o.demoCache ?? DEMO_CACHE_DIR;
  const { demos } = await loadOrCollectDemos(
    task,
    { ...demoOpts, onProgress: (d, t) => o.onProgress?.({ phase: 'demos', done: d, total: t }) },
    dir,
  );
  // 'oracle': the true one-step return of each candidate from the state (privileged: a diagnostic ceiling).
  const reward =
    o.rewardPath === ORACLE_REWARD ? null : await openRewardModel(o.rewardPath, o.rewardId ?? o.rewardPath);
  const trueReturn: RaftScorer = async (scene, _obs, actions) => Float32Array.from(candidateReturns(scene, actions));
  const score: RaftScorer = reward ? sceneScorer(reward, o.config.seed ?? 0) : trueReturn;
  let record: RaftRecord;
  try {
    record = await runRaft({
      policy: o.policyPath,
      score,
      truth: o.measureTruth ? trueReturn : undefined,
      demos,
      config: o.config,
      out: o.out,
      provenance: {
        policy: o.policyPath,
        reward: o.rewardId ?? o.rewardPath,
        demoFile: demoCachePath(dir, task.id, demoOpts),
        command: o.command,
      },
      onProgress: o.onProgress,
    });
  } finally {
    await reward?.free();
  }
  if (!store) return { record, id: null };
  const hash = createHash('sha256').update(readFileSync(o.out)).digest('hex');
  const existing = store.getModel(`${task.id}-policy-${hash.slice(0, 12)}`);
  const id =
    existing?.id ??
    store.registerModel({
      task: task.id,
      kind: 'policy',
      path: o.out,
      hash,
      metrics: record as unknown as Record<string, JsonValue>,
    });
  return { record, id };
}

/**
 * The loop's improve phase: RAFT of `policyPath` under the round's reward, with the demos of
 * `basePolicyPath`, seeded by the run's seed and the round; then SL of the new policy on the
 * evaluation seeds.
 */
export async function improveStage(
  store: PreferenceStore,
  cfg: LoopConfig,
  runKey: string,
  round: number,
  policyPath: string,
  basePolicyPath: string,
  rewardPath: string,
  rewardId: string,
  pool: JobRunner,
  progress?: Progress,
): Promise<ImproveSummary> {
  const out = join(runDir(store), 'models', `${runKey.replace(/[^a-zA-Z0-9-]/g, '_')}-raft-r${round}.onnx`);
  mkdirSync(dirname(out), { recursive: true });
  const { record, id } = await raftImprove(store, {
    task: cfg.task,
    policyPath,
    demosOf: basePolicyPath,
    rewardPath,
    rewardId,
    out,
    config: { ...raftConfig(cfg), seed: cfg.seed * 1000 + round },
    demoStates: cfg.raft?.demoStates,
    onProgress: (p) => progress?.(p.done, p.total, `raft ${p.phase}`),
  });
  const sl = await evalStage(cfg, 'sl', out, null, pool);
  return {
    method: 'raft',
    policyPath: out,
    policyId: id,
    meanScoreKept: record.data.meanScoreKept,
    meanScoreAll: record.data.meanScoreAll,
    slFinal: sl.final,
    slSuccess: sl.success,
  };
}

/** The loop's RAFT settings without the loop-only ones. */
function raftConfig(cfg: LoopConfig): RaftConfigInput {
  const { demoStates: _d, ...rest } = cfg.raft ?? {};
  return rest;
}
