/**
 * Exact minimum-cost assignment (Hungarian algorithm, shortest augmenting paths with potentials,
 * O(n²·m) time, O(m) extra memory besides the cost matrix). Kuhn 1955 / Munkres 1957; this is
 * the classic Jonker–Volgenant-style row-by-row formulation.
 */

export interface Assignment {
  /** [n] column assigned to each row. */
  rowToCol: Int32Array;
  /** Sum of the assigned costs. */
  total: number;
}

/**
 * Assigns each of `n` rows to a distinct one of `m` ≥ n columns minimising the summed cost.
 * `cost` is [n, m] row-major and must be finite.
 */
export function hungarian(cost: ArrayLike<number>, n: number, m: number): Assignment {
  if (!Number.isInteger(n) || !Number.isInteger(m) || n < 0 || n > m) {
    throw new Error(`hungarian: expected integers 0 ≤ rows ≤ cols, got rows ${n}, cols ${m}`);
  }
  if (cost.length !== n * m)
    throw new Error(`hungarian cost: expected length rows·cols = ${n * m}, got ${cost.length}`);
  for (let k = 0; k < cost.length; k++) {
    if (!Number.isFinite(cost[k]))
      throw new Error(
        `hungarian cost: expected finite entries, got ${cost[k]} at row ${Math.floor(k / m)}, col ${k % m}`,
      );
  }
  // 1-based potentials; column 0 is a virtual column holding the row being inserted.
  const u = new Float64Array(n + 1),
    v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1),
    way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0],
        row = (i0 - 1) * m - 1,
        ui = u[i0];
      let delta = Infinity,
        j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost[row + j] - ui - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const rowToCol = new Int32Array(n);
  let total = 0;
  for (let j = 1; j <= m; j++) {
    if (p[j] !== 0) {
      rowToCol[p[j] - 1] = j - 1;
      total += cost[(p[j] - 1) * m + j - 1];
    }
  }
  return { rowToCol, total };
}
