/**
 * CRM "two minds" noise-robust reward training, the schedule and selection math (METHODS §4,
 * after co-teaching, Han et al. 2018): two models; in every batch each ranks the pairs by its
 * own loss and hands its small-loss fraction to the other to train on; the kept fraction falls
 * from 1 to 1 − τ; a curriculum feeds pairs from large to small margin. Pure functions.
 */

/** Kept fraction at `epoch` (0-based): 1 − τ · min(1, epoch / warm). */
export function keepRate(epoch: number, tau: number, warm: number): number {
  return 1 - tau * Math.min(1, epoch / warm);
}

/** Curriculum: fraction of pairs (largest margin first) in use at `epoch`, from `start` to 1 by `warm`. */
export function curriculumFraction(epoch: number, start: number, warm: number): number {
  return Math.min(1, start + ((1 - start) * epoch) / warm);
}

/** Indices of the `keep` smallest losses (ties by index), as the peer's training subset. */
export function smallLossSelection(losses: ArrayLike<number>, keep: number): Int32Array {
  const idx = Array.from(losses, (_, i) => i).sort((a, b) => losses[a] - losses[b] || a - b);
  return Int32Array.from(idx.slice(0, Math.max(0, Math.min(keep, idx.length))));
}

/** Pair indices ordered from the largest to the smallest |margin| (ties by index). */
export function marginOrder(margins: ArrayLike<number>): Int32Array {
  return Int32Array.from(
    Array.from(margins, (_, i) => i).sort((a, b) => Math.abs(margins[b]) - Math.abs(margins[a]) || a - b),
  );
}
