/**
 * One RAFT step (issue 19 §2): the base policy's top-k candidates under a reward, mixed with
 * the original demos, fine-tune the base (its weights, architecture and action normaliser),
 * and write the new policy with a manifest-like record of how it was made beside it
 * (`FILE.json`, as models/manifest.json entries). Rapier must be initialised.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { makeRng } from '../../core/rng.ts';
import { getTask } from '../../sim/index.ts';
import type { DemoSet } from '../demos/demo-set.ts';
import { DiffusionPolicy } from '../diffusion/diffusion-policy.ts';
import { trainPolicy } from '../diffusion/trainer.ts';
import { RaftConfigSchema, type RaftConfig, type RaftConfigInput } from './raft-config.ts';
import { mixWithDemos } from './mix.ts';
import { collectTopK, type RaftScorer, type TopKResult } from './top-k.ts';

export interface RaftProgress {
  phase: 'sample' | 'train';
  done: number;
  total: number;
  info?: string;
}

export interface RaftOptions {
  /** Base policy: a prefsim checkpoint (file or bytes); external ONNX networks cannot be fine-tuned. */
  policy: string | Uint8Array;
  score: RaftScorer;
  /**
   * Measured beside `score` on the same candidates, never used to choose (e.g. the true return: why a RAFT step helped
   * or not).
   */
  truth?: RaftScorer;
  /** The original expert demos to mix in (null: kept actions only). */
  demos: DemoSet | null;
  config?: RaftConfigInput;
  /** Where to write the fine-tuned checkpoint (and its record, `out + '.json'`). */
  out: string;
  /** Names for the record: the base policy file, the reward's id, the demo file, the command. */
  provenance?: { policy?: string; reward?: string; demoFile?: string; command?: string };
  onProgress?: (p: RaftProgress) => void;
}

/** How a RAFT policy was made (also written to `FILE.json`). */
export interface RaftRecord {
  task: string;
  kind: 'policy';
  method: 'raft';
  file: string;
  sha256: string;
  bytes: number;
  command: string | null;
  base: { file: string | null; sha256: string };
  reward: string | null;
  config: RaftConfig;
  data: {
    states: number;
    episodes: number;
    keptRows: number;
    demoRows: number;
    demoFile: string | null;
    /** Mean reward score of all N candidates and of the kept k, over the M states (the selection's margin). */
    meanScoreAll: number;
    meanScoreKept: number;
    /** The same means under the `truth` scorer (null when not measured). */
    truthAll: number | null;
    truthKept: number | null;
  };
  training: { epochs: number; steps: number; firstEpochLoss: number | null; finalLoss: number };
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export async function runRaft(o: RaftOptions): Promise<RaftRecord> {
  const cfg = RaftConfigSchema.parse(o.config ?? {});
  const baseBytes = typeof o.policy === 'string' ? new Uint8Array(readFileSync(o.policy)) : o.policy;
  const policy = await DiffusionPolicy.open(baseBytes);
  let top: TopKResult;
  try {
    top = await collectTopK(
      getTask(policy.task),
      policy,
      o.score,
      cfg,
      policy.points,
      (d, t) => o.onProgress?.({ phase: 'sample', done: d, total: t }),
      o.truth,
    );
  } finally {
    await policy.free();
  }
  const { mixed, keptRows, demoRows } = mixWithDemos(top.kept, o.demos, cfg.demoWeight, makeRng(cfg.seed * 31 + 5));
  const train = await trainPolicy(mixed, {
    init: baseBytes,
    out: o.out,
    slim: true,
    train: { seed: cfg.seed, epochs: cfg.epochs, lr: cfg.lr, batchSize: cfg.batchSize, warmupSteps: cfg.warmupSteps },
    onEpoch: (p) =>
      o.onProgress?.({ phase: 'train', done: p.epoch, total: p.epochs, info: `loss ${p.loss.toFixed(4)}` }),
  });
  const bytes = readFileSync(o.out);
  const record: RaftRecord = {
    task: top.kept.task,
    kind: 'policy',
    method: 'raft',
    file: o.out,
    sha256: sha256(bytes),
    bytes: bytes.length,
    command: o.provenance?.command ?? null,
    base: { file: o.provenance?.policy ?? (typeof o.policy === 'string' ? o.policy : null), sha256: sha256(baseBytes) },
    reward: o.provenance?.reward ?? null,
    config: cfg,
    data: {
      states: top.kept.states,
      episodes: top.episodes,
      keptRows,
      demoRows,
      demoFile: o.provenance?.demoFile ?? null,
      meanScoreAll: top.meanScoreAll,
      meanScoreKept: top.meanScoreKept,
      truthAll: top.truthAll,
      truthKept: top.truthKept,
    },
    training: {
      epochs: train.epochs,
      steps: train.steps,
      firstEpochLoss: train.epochLosses[0] ?? null,
      finalLoss: train.finalLoss,
    },
  };
  const tmp = `${o.out}.json.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(record, null, 1) + '\n');
  renameSync(tmp, `${o.out}.json`);
  return record;
}
