/**
 * Keeping the best epoch's weights (issue 12 §2), shared by the explicit members and RAPL: the
 * mean validation loss that picks the epoch, and a snapshot of the graph's parameters to restore.
 */
import type { Feeds, Graph, Trainer } from '../../nn/index.ts';

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
