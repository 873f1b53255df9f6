/**
 * Trains explicit Bradley–Terry rewards (METHODS §4): plain, ensembles of M bootstrap members,
 * or CRM two-minds noise-robust training. Returns an `ExplicitRewardModel` (caller frees it).
 */
import { makeRng, type Rng } from '../../core/rng.ts';
import {
  checkpointBytes, epochBatches, Graph, hashData, makeTrainer, openModel, tensor, type Tensor, type Trainer,
} from '../../nn/index.ts';
import { curriculumFraction, keepRate, marginOrder, smallLossSelection } from './crm.ts';
import { ExplicitConfigSchema, type ExplicitConfig, type ExplicitConfigInput } from './explicit-config.ts';
import { ExplicitRewardModel } from './explicit-model.ts';
import { buildExplicitGraph, pairLosses, pairMargin } from './explicit-network.ts';
import { CANDIDATE_DIMS } from './features.ts';
import { bootstrapIndices, pairBatch, pairCount, type PairData } from './pair-data.ts';

/** Progress after each epoch (of each member, for plain ensembles). */
export interface TrainProgress {
  member: number;
  epoch: number;
  epochs: number;
  /** Mean training loss of the epoch. */
  loss: number;
}

export interface TrainOptions {
  /** Id given to the returned model. Default 'explicit'. */
  id?: string;
  onProgress?: (p: TrainProgress) => void;
}

export interface ExplicitTrainResult {
  model: ExplicitRewardModel;
  /** Mean loss of the last epoch, per member. */
  finalLoss: number[];
  /** Training pairs processed per second (all members). */
  pairsPerSecond: number;
}

interface MemberGraph { loss: Tensor; perPair: Tensor; z: Tensor; params: Tensor[] }

/** Parses the config; errors name the field. */
export function parseExplicitConfig(input: ExplicitConfigInput): ExplicitConfig {
  const r = ExplicitConfigSchema.safeParse(input);
  if (!r.success) throw new Error(`explicit reward config: ${r.error.issues.map((i) => `field ${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return r.data;
}

/** Trains on `data` and returns the model (one graph, M members, output r [B, K, M]). */
export async function trainExplicit(data: PairData, input: ExplicitConfigInput, opts: TrainOptions = {}): Promise<ExplicitTrainResult> {
  const cfg = parseExplicitConfig(input);
  const p = pairCount(data);
  if (p === 0) throw new Error('trainExplicit: no training pairs');
  const rng = makeRng(cfg.seed);
  const m = cfg.robust === 'crm' ? 2 : cfg.ensemble;
  const g = new Graph();
  const eg = buildExplicitGraph(g, cfg, m, rng.fork());
  const y = g.input('y', ['B', 1]);
  const sign = g.input('sign', ['B', 'K']);
  const members: MemberGraph[] = eg.members.map((r, k) => {
    const z = pairMargin(r, sign); // [B, 1]
    const perPair = pairLosses(z, y); // [B, 1]
    const params = g.params().filter((q) => q.name.startsWith(`m${k}.`)).map((q) => g.paramByName(q.name));
    return { loss: perPair.mean(), perPair, z, params };
  });
  const optimizer = { kind: 'adamw' as const, lr: cfg.lr, weightDecay: cfg.weightDecay };
  const t0 = performance.now();
  let seen = 0;
  const finalLoss: number[] = [];
  if (cfg.robust === 'crm') {
    const trainers = await Promise.all(members.map((mg) => makeTrainer(g, { loss: mg.loss, params: mg.params, optimizer, outputs: { perPair: mg.perPair, z: mg.z } })));
    try {
      const r = await trainCrm(trainers, data, cfg, rng.fork(), opts);
      seen = r.seen;
      finalLoss.push(...r.finalLoss);
    } finally {
      await Promise.all(trainers.map((t) => t.free()));
    }
  } else {
    for (let k = 0; k < m; k++) {
      const trainer = await makeTrainer(g, { loss: members[k].loss, params: members[k].params, optimizer });
      try {
        const mrng = rng.fork();
        const rows = m > 1 && cfg.bootstrap ? bootstrapIndices(p, mrng) : Int32Array.from({ length: p }, (_, i) => i);
        let last = NaN;
        for (let e = 0; e < cfg.epochs; e++) {
          let sum = 0, count = 0;
          for (const b of epochBatches(rows.length, cfg.batchSize, mrng)) {
            const idx = Int32Array.from(b, (i) => rows[i]);
            const r = await trainer.step(feeds(data, idx, cfg, mrng));
            sum += r.loss * idx.length;
            count += idx.length;
          }
          seen += count;
          last = sum / count;
          opts.onProgress?.({ member: k, epoch: e, epochs: cfg.epochs, loss: last });
        }
        finalLoss.push(last);
      } finally {
        await trainer.free();
      }
    }
  }
  const pairsPerSecond = seen / ((performance.now() - t0) / 1000);
  const bytes = checkpointBytes(g, {
    outputs: ['r'],
    info: {
      architecture: { kind: 'explicit', config: cfg, members: m },
      training: { pairs: p, robust: cfg.robust, ensemble: m },
      dataHash: hashData(data.a, data.b, data.y),
      metrics: { finalLoss: finalLoss.reduce((a, b) => a + b, 0) / finalLoss.length },
    },
  });
  const model = new ExplicitRewardModel(opts.id ?? 'explicit', await openModel(bytes), cfg, m, bytes);
  return { model, finalLoss, pairsPerSecond };
}

function feeds(data: PairData, idx: ArrayLike<number>, cfg: ExplicitConfig, rng: Rng) {
  const b = pairBatch(data, idx, cfg.points, rng, cfg.rotate);
  const n = idx.length;
  return {
    points: tensor(b.points, [n, cfg.points, 3]),
    actions: tensor(b.actions, [n, 2, CANDIDATE_DIMS]),
    y: tensor(b.y, [n, 1]),
    sign: tensor(signRows(n), [n, 2]),
  };
}

/** (1, −1) rows: [n, 2]. */
function signRows(n: number): Float32Array {
  const s = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) { s[2 * i] = 1; s[2 * i + 1] = -1; }
  return s;
}

/** Rows `sel` of a [b, ...] batch, as feeds. */
function pick(f: ReturnType<typeof feeds>, sel: Int32Array, nPoints: number) {
  const rows = (src: Float32Array, len: number) => {
    const out = new Float32Array(sel.length * len);
    sel.forEach((r, k) => out.set(src.subarray(r * len, (r + 1) * len), k * len));
    return out;
  };
  const s = sel.length;
  return {
    points: tensor(rows(f.points.data as Float32Array, nPoints * 3), [s, nPoints, 3]),
    actions: tensor(rows(f.actions.data as Float32Array, 2 * CANDIDATE_DIMS), [s, 2, CANDIDATE_DIMS]),
    y: tensor(rows(f.y.data as Float32Array, 1), [s, 1]),
    sign: tensor(signRows(s), [s, 2]),
  };
}

/** Two-minds training loop over two live trainers (disjoint parameters of one graph). */
async function trainCrm(trainers: Trainer[], data: PairData, cfg: ExplicitConfig, rng: Rng, opts: TrainOptions): Promise<{ seen: number; finalLoss: number[] }> {
  const p = pairCount(data);
  const all = Int32Array.from({ length: p }, (_, i) => i);
  let seen = 0;
  let finalLoss = [NaN, NaN];
  for (let e = 0; e < cfg.epochs; e++) {
    // Curriculum: the largest-|margin| pairs by the two models' mean prediction first.
    let pool = all;
    const frac = curriculumFraction(e, cfg.curriculumStart, cfg.crmWarmEpochs);
    if (frac < 1) {
      const margins = new Float32Array(p);
      for (const b of epochBatches(p, 256, rng)) {
        const f = feeds(data, b, cfg, rng);
        const [ra, rb] = await Promise.all(trainers.map((t) => t.evaluate(f)));
        b.forEach((i, k) => (margins[i] = ((ra.outputs.z.data as Float32Array)[k] + (rb.outputs.z.data as Float32Array)[k]) / 2));
      }
      pool = marginOrder(margins).slice(0, Math.max(1, Math.ceil(frac * p)));
    }
    const keep = keepRate(e, cfg.crmTau, cfg.crmWarmEpochs);
    const sums = [0, 0];
    let count = 0;
    for (const b of epochBatches(pool.length, cfg.batchSize, rng)) {
      const idx = Int32Array.from(b, (i) => pool[i]);
      const f = feeds(data, idx, cfg, rng);
      const [ea, eb] = await Promise.all(trainers.map((t) => t.evaluate(f)));
      const k = Math.max(1, Math.round(keep * idx.length));
      // Peer review: each model trains on the pairs its peer finds easy (small loss).
      const forA = smallLossSelection(eb.outputs.perPair.data as Float32Array, k);
      const forB = smallLossSelection(ea.outputs.perPair.data as Float32Array, k);
      const ra = await trainers[0].step(pick(f, forA, cfg.points));
      const rb = await trainers[1].step(pick(f, forB, cfg.points));
      sums[0] += ra.loss * k;
      sums[1] += rb.loss * k;
      count += k;
    }
    seen += 2 * count;
    finalLoss = sums.map((s) => s / count);
    opts.onProgress?.({ member: 0, epoch: e, epochs: cfg.epochs, loss: (finalLoss[0] + finalLoss[1]) / 2 });
  }
  return { seen, finalLoss };
}
