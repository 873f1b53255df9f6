/**
 * Training one plain Bradley–Terry member of an explicit reward (METHODS §4) with early stopping
 * on validation loss. Self-contained (data, config and the warm-start bytes in, parameters out) so
 * it runs the same in this thread or on a worker thread: `parallel ensemble = serial ensemble`.
 */
import { makeRng, type Rng, seedFor } from '../../core/rng.ts';
import {
  epochBatches,
  Graph,
  loadCheckpoint,
  makeTrainer,
  restoreParams,
  tensor,
  type Tensor,
  type Trainer,
} from '../../nn/index.ts';
import type { ExplicitConfig } from './explicit-config.ts';
import { buildExplicitGraph, pairLosses, pairMargin } from './explicit-network.ts';
import { CANDIDATE_DIMS } from './features.ts';
import { meanBatchLoss, restoreSnapshot, snapshotParams } from './best-epoch.ts';
import { EarlyStopping, type StoppingRecord } from './early-stopping.ts';
import { bootstrapIndices, pairBatch, type PairData } from './pair-data.ts';

/** Per-member part of the training graph. */
export interface MemberGraph {
  loss: Tensor;
  perPair: Tensor;
  z: Tensor;
  params: Tensor[];
}

/** Seed offset of the fixed point subsample of validation pairs (the same every epoch). */
/** Validation pairs per forward pass. */
const VALIDATION_BATCH = 256;

/**
 * Builds the M-member graph with its losses, initialised from `cfg.seed` (and overwritten by the
 * warm-start checkpoint `init` when given). `rng` continues the seed's stream: fork k+1 is member k's.
 */
export function buildTrainingGraph(
  cfg: ExplicitConfig,
  m: number,
  init: Uint8Array | null,
  pretrained: PretrainedEncoder | null = null,
): { g: Graph; members: MemberGraph[]; rng: Rng } {
  const rng = makeRng(cfg.seed);
  const g = new Graph();
  const eg = buildExplicitGraph(g, cfg, m, rng.fork());
  const y = g.input('y', ['B', 1]);
  const sign = g.input('sign', ['B', 'K']);
  const members = eg.members.map((r, k) => {
    const z = pairMargin(r, sign); // [B, 1]
    const perPair = pairLosses(z, y); // [B, 1]
    const params = g
      .params()
      .filter((q) => q.name.startsWith(`m${k}.`))
      .map((q) => g.paramByName(q.name));
    return { loss: perPair.mean(), perPair, z, params };
  });
  if (init) restoreParams(g, loadCheckpoint(init));
  else if (pretrained) applyPretrained(g, m, pretrained);
  return { g, members, rng };
}

/** Encoder parameters by name without the member prefix (`point.0.w`, ...): every member starts from them. */
export type PretrainedEncoder = [string, Float32Array][];

/** Copies a pretrained encoder into members m0..m(M−1); a name or shape the graph lacks is an error. */
function applyPretrained(g: Graph, m: number, enc: PretrainedEncoder): void {
  const live = new Map(g.params().map((p) => [p.name, p.data]));
  for (let k = 0; k < m; k++) {
    for (const [suffix, data] of enc) {
      const dst = live.get(`m${k}.${suffix}`);
      if (!dst) throw new Error(`pretrained encoder: parameter ${suffix}: the explicit reward has no m${k}.${suffix}`);
      if (dst.length !== data.length)
        throw new Error(
          `pretrained encoder: parameter ${suffix}: ${data.length} numbers, ` +
            `the reward's m${k}.${suffix} has ${dst.length}`,
        );
      dst.set(data);
    }
  }
}

/** Training feeds for pairs `idx`: fresh point subsample from `rng`. */
export function pairFeeds(data: PairData, idx: ArrayLike<number>, cfg: ExplicitConfig, rng: Rng) {
  const b = pairBatch(data, idx, cfg.points, rng, cfg.rotate);
  const n = idx.length;
  return {
    points: tensor(b.points, [n, cfg.points, 3]),
    actions: tensor(b.actions, [n, 2, CANDIDATE_DIMS]),
    y: tensor(b.y, [n, 1]),
    sign: tensor(signRows(n), [n, 2]),
  };
}
export type PairFeeds = ReturnType<typeof pairFeeds>;

/** (1, −1) rows: [n, 2]. */
export function signRows(n: number): Float32Array {
  const s = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    s[2 * i] = 1;
    s[2 * i + 1] = -1;
  }
  return s;
}

/** Validation feeds, built once with a fixed point subsample so epochs compare like with like. */
export function validationFeeds(data: PairData, validation: Int32Array, cfg: ExplicitConfig): PairFeeds[] {
  const rng = makeRng(seedFor.explicitValidation(cfg.seed));
  const out: PairFeeds[] = [];
  for (let s = 0; s < validation.length; s += VALIDATION_BATCH)
    out.push(pairFeeds(data, validation.subarray(s, s + VALIDATION_BATCH), cfg, rng));
  return out;
}

/** Mean loss over validation feeds, per trainer (NaN without validation pairs). */
export function validationLoss(trainer: Trainer, feeds: PairFeeds[]): Promise<number> {
  return meanBatchLoss(
    trainer,
    feeds.map((f) => ({ feeds: f, size: f.y.shape[0] as number })),
  );
}

/** One member's job: everything needed to train it anywhere (structured-clonable). */
export interface MemberJob {
  data: PairData;
  cfg: ExplicitConfig;
  /** Members M of the whole model. */
  members: number;
  member: number;
  /** Pair indices to train on, and those that decide early stopping. */
  train: Int32Array;
  validation: Int32Array;
  /** Warm-start checkpoint bytes (the previous model), or null to start from the seed's init. */
  init: Uint8Array | null;
  /** Pretrained encoder every member starts from (ignored with `init`), or null. */
  pretrained?: PretrainedEncoder | null;
}

export interface MemberProgress {
  member: number;
  epoch: number;
  epochs: number;
  loss: number;
  validationLoss: number;
}

export interface MemberResult {
  /** Kept (best-epoch) parameters of this member, by name. */
  params: [string, Float32Array][];
  record: StoppingRecord;
  /** Training pairs processed. */
  seen: number;
}

/** Trains member `job.member` (bootstrap-resampled when M > 1) until early stopping. */
export async function trainMember(job: MemberJob, onProgress?: (p: MemberProgress) => void): Promise<MemberResult> {
  const { data, cfg, members: m, member: k } = job;
  const { g, members, rng } = buildTrainingGraph(cfg, m, job.init, job.pretrained ?? null);
  let mrng = rng.fork();
  for (let i = 0; i < k; i++) mrng = rng.fork();
  const trainer = await makeTrainer(g, {
    loss: members[k].loss,
    params: members[k].params,
    optimizer: { kind: 'adamw', lr: cfg.lr, weightDecay: cfg.weightDecay },
  });
  try {
    const rows =
      m > 1 && cfg.bootstrap
        ? Int32Array.from(bootstrapIndices(job.train.length, mrng), (i) => job.train[i])
        : job.train;
    const vfeeds = validationFeeds(data, job.validation, cfg);
    const stop = new EarlyStopping(cfg.patience, cfg.minDelta, vfeeds.length > 0);
    const prefix = `m${k}.`;
    let best = stop.update(0, NaN, await validationLoss(trainer, vfeeds)) ? snapshotParams(g, prefix) : null;
    let seen = 0;
    for (let e = 1; e <= cfg.epochs && !stop.shouldStop(); e++) {
      let sum = 0,
        count = 0;
      for (const b of epochBatches(rows.length, cfg.batchSize, mrng)) {
        const idx = Int32Array.from(b, (i) => rows[i]);
        const r = await trainer.step(pairFeeds(data, idx, cfg, mrng));
        sum += r.loss * idx.length;
        count += idx.length;
      }
      seen += count;
      const vl = await validationLoss(trainer, vfeeds);
      if (stop.update(e, sum / count, vl)) best = snapshotParams(g, prefix);
      onProgress?.({ member: k, epoch: e, epochs: cfg.epochs, loss: sum / count, validationLoss: vl });
    }
    if (best) restoreSnapshot(g, best);
    return { params: [...snapshotParams(g, prefix)], record: stop.record(), seen };
  } finally {
    await trainer.free();
  }
}
