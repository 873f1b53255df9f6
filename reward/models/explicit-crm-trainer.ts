/**
 * The CRM two-minds training loop (METHODS §4; schedule and selection in crm.ts) over two live
 * trainers of one graph, with early stopping on the two models' mean validation loss.
 */
import type { Rng } from '../../core/rng.ts';
import { epochBatches, tensor, type Graph, type Trainer } from '../../nn/index.ts';
import { curriculumFraction, keepRate, marginOrder, smallLossSelection } from './crm.ts';
import { EarlyStopping, type StoppingRecord, type ValidationSplit } from './early-stopping.ts';
import type { ExplicitConfig } from './explicit-config.ts';
import { restoreSnapshot, snapshotParams } from './best-epoch.ts';
import {
  pairFeeds,
  signRows,
  validationFeeds,
  validationLoss,
  type MemberProgress,
  type PairFeeds,
} from './explicit-member.ts';
import { CANDIDATE_DIMS } from './features.ts';
import type { PairData } from './pair-data.ts';

/** Rows `sel` of a [b, ...] batch, as feeds. */
function pick(f: PairFeeds, sel: Int32Array, nPoints: number): PairFeeds {
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

/** Trains both CRM models on `split.train`; keeps the epoch with the lowest mean validation loss. */
export async function trainCrm(
  g: Graph,
  trainers: Trainer[],
  data: PairData,
  split: ValidationSplit,
  cfg: ExplicitConfig,
  rng: Rng,
  onProgress?: (p: MemberProgress) => void,
): Promise<{ seen: number; record: StoppingRecord }> {
  const p = split.train.length;
  const vfeeds = validationFeeds(data, split.validation, cfg);
  const stop = new EarlyStopping(cfg.patience, cfg.minDelta, vfeeds.length > 0);
  const meanValidation = async () =>
    ((await validationLoss(trainers[0], vfeeds)) + (await validationLoss(trainers[1], vfeeds))) / 2;
  let best = stop.update(0, NaN, await meanValidation()) ? snapshotParams(g, '') : null;
  let seen = 0;
  for (let e = 1; e <= cfg.epochs && !stop.shouldStop(); e++) {
    const epoch = e - 1; // the schedules count from 0
    // Curriculum: the largest-|margin| pairs by the two models' mean prediction first.
    let pool = split.train;
    const frac = curriculumFraction(epoch, cfg.curriculumStart, cfg.crmWarmEpochs);
    if (frac < 1) {
      const margins = new Float32Array(p);
      for (const b of epochBatches(p, 256, rng)) {
        const f = pairFeeds(
          data,
          Int32Array.from(b, (i) => split.train[i]),
          cfg,
          rng,
        );
        const [ra, rb] = await Promise.all(trainers.map((t) => t.evaluate(f)));
        b.forEach(
          (i, k) =>
            (margins[i] = ((ra.outputs.z.data as Float32Array)[k] + (rb.outputs.z.data as Float32Array)[k]) / 2),
        );
      }
      pool = Int32Array.from(marginOrder(margins).slice(0, Math.max(1, Math.ceil(frac * p))), (i) => split.train[i]);
    }
    const keep = keepRate(epoch, cfg.crmTau, cfg.crmWarmEpochs);
    const sums = [0, 0];
    let count = 0;
    for (const b of epochBatches(pool.length, cfg.batchSize, rng)) {
      const idx = Int32Array.from(b, (i) => pool[i]);
      const f = pairFeeds(data, idx, cfg, rng);
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
    const loss = (sums[0] + sums[1]) / (2 * count);
    const vl = await meanValidation();
    if (stop.update(e, loss, vl)) best = snapshotParams(g, '');
    onProgress?.({ member: 0, epoch: e, epochs: cfg.epochs, loss, validationLoss: vl });
  }
  if (best) restoreSnapshot(g, best);
  return { seen, record: stop.record() };
}
