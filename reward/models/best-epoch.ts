/**
 * Keeping the best epoch's weights (issue 12 §2), shared by the explicit members and RAPL: the
 * mean validation loss that picks the epoch, and a snapshot of the graph's parameters to restore.
 */
import type { Feeds, Graph, Trainer } from '../../nn/index.ts';
import { EarlyStopping, type StoppingRecord } from './early-stopping.ts';

/** Mean per-example loss over `batches` (forward only); NaN when there are none. */
export async function meanBatchLoss(trainer: Trainer, batches: { feeds: Feeds; size: number }[]): Promise<number> {
  let sum = 0,
    n = 0;
  for (const b of batches) {
    sum += (await trainer.evaluate(b.feeds)).loss * b.size;
    n += b.size;
  }
  return n === 0 ? NaN : sum / n;
}

/** Copies of the current values of the parameters whose names start with `prefix` (the best-epoch snapshot). */
export function snapshotParams(g: Graph, prefix: string): Map<string, Float32Array> {
  return new Map(
    g
      .params()
      .filter((p) => p.name.startsWith(prefix))
      .map((p) => [p.name, p.data.slice()]),
  );
}

/** Writes a snapshot back into the graph's live parameter arrays. */
export function restoreSnapshot(g: Graph, snap: Map<string, Float32Array>): void {
  for (const p of g.params()) {
    const s = snap.get(p.name);
    if (s) p.data.set(s);
  }
}

/**
 * Runs `epochs` epochs of `epoch(e)` (one pass, returning its mean training loss) and keeps the
 * weights of the epoch with the lowest loss on `validation`, as the RAPL reference does (every
 * epoch runs: patience ∞). Without validation batches the last epoch is kept and nothing is copied.
 */
export async function trainKeepingBest(
  g: Graph,
  trainer: Trainer,
  epochs: number,
  validation: { feeds: Feeds; size: number }[],
  epoch: (e: number) => Promise<number>,
  onEpoch?: (e: number, loss: number, validationLoss: number) => void,
): Promise<StoppingRecord> {
  const held = validation.length > 0;
  const stop = new EarlyStopping(Infinity, 0, held);
  let best = stop.update(0, NaN, await meanBatchLoss(trainer, validation)) && held ? snapshotParams(g, '') : null;
  for (let e = 1; e <= epochs; e++) {
    const loss = await epoch(e);
    const vl = await meanBatchLoss(trainer, validation);
    if (stop.update(e, loss, vl) && held) best = snapshotParams(g, '');
    onEpoch?.(e, loss, vl);
  }
  if (best) restoreSnapshot(g, best);
  return stop.record();
}
