/** Seeded mini-batches over row indices, and row gathering into reusable buffers. */
import type { Rng } from '../../core/rng.ts';

/**
 * Shuffled mini-batches of row indices for one epoch (Fisher–Yates with `rng`).
 * @param n number of rows
 * @param batchSize rows per batch
 * @param dropLast drop a final short batch (default false)
 */
export function* epochBatches(n: number, batchSize: number, rng: Rng, dropLast = false): Generator<Int32Array> {
  if (!Number.isInteger(batchSize) || batchSize <= 0)
    throw new Error(`epochBatches: batchSize must be a positive integer, got ${batchSize}`);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (let s = 0; s < n; s += batchSize) {
    if (dropLast && s + batchSize > n) break;
    yield order.subarray(s, Math.min(n, s + batchSize));
  }
}

/** Endless batches: epoch after epoch, reshuffled each time. */
export function* batchStream(n: number, batchSize: number, rng: Rng, dropLast = true): Generator<Int32Array> {
  if (n === 0) throw new Error('batchStream: no rows');
  for (;;) yield* epochBatches(n, batchSize, rng, dropLast && n >= batchSize);
}

/**
 * Copies rows `idx` of a row-major [rows, rowLen] array into `out` (allocated if absent).
 * @returns `out`, holding [idx.length, rowLen]
 */
export function gatherRows<T extends Float32Array | BigInt64Array>(
  src: T,
  rowLen: number,
  idx: ArrayLike<number>,
  out?: T,
): T {
  const o = out ?? new (src.constructor as new (n: number) => T)(idx.length * rowLen);
  if (o.length < idx.length * rowLen)
    throw new Error(`gatherRows: out holds ${o.length} values, need ${idx.length * rowLen}`);
  for (let r = 0; r < idx.length; r++) {
    const s = idx[r] * rowLen;
    if (s + rowLen > src.length || idx[r] < 0) throw new Error(`gatherRows: row ${idx[r]} out of range`);
    (o as Float32Array).set((src as Float32Array).subarray(s, s + rowLen), r * rowLen);
  }
  return o;
}
