/**
 * Nearest-neighbour queries on a fixed set of 3-D points, bucketed by xy into a uniform square
 * grid (compressed rows: cell start offsets + point indices). A query searches rings of cells
 * around its own cell and stops once the best 3-D distance is below the xy distance to the
 * nearest unsearched ring, so the answer is exact (equal to brute force). Used by Chamfer.
 */

export interface NearestGrid {
  /** Exact squared 3-D distance from (x, y, z) to the nearest stored point. */
  nearestSq(x: number, y: number, z: number): number;
}

/**
 * Builds a grid over `points` [N, 3] (float64). Every query must lie in the square
 * [−halfSide, halfSide]² (queries outside are clamped to the border cells, which stays exact
 * but slower). About one point per cell on average, at most 128 cells per side.
 */
export function makeNearestGrid(points: Float64Array, halfSide: number): NearestGrid {
  const n = points.length / 3;
  if (n === 0) throw new Error('makeNearestGrid: expected at least one point');
  const g = Math.max(1, Math.min(128, Math.ceil(Math.sqrt(n))));
  const h = (2 * halfSide) / g || 1;
  const cellOf = (x: number, y: number): number => {
    const cx = Math.min(g - 1, Math.max(0, Math.floor((x + halfSide) / h)));
    const cy = Math.min(g - 1, Math.max(0, Math.floor((y + halfSide) / h)));
    return cy * g + cx;
  };
  const start = new Int32Array(g * g + 1);
  const cell = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    cell[i] = cellOf(points[3 * i], points[3 * i + 1]);
    start[cell[i] + 1]++;
  }
  for (let c = 0; c < g * g; c++) start[c + 1] += start[c];
  const fill = start.slice(0, g * g);
  // Points copied cell by cell so a ring scan reads memory in order.
  const sorted = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    const k = fill[cell[i]]++;
    sorted[3 * k] = points[3 * i];
    sorted[3 * k + 1] = points[3 * i + 1];
    sorted[3 * k + 2] = points[3 * i + 2];
  }
  const scanCell = (c: number, x: number, y: number, z: number, best: number): number => {
    for (let k = start[c], e = start[c + 1]; k < e; k++) {
      const dx = sorted[3 * k] - x,
        dy = sorted[3 * k + 1] - y,
        dz = sorted[3 * k + 2] - z;
      const d = dx * dx + dy * dy + dz * dz;
      if (d < best) best = d;
    }
    return best;
  };
  return {
    nearestSq(x, y, z) {
      const c = cellOf(x, y);
      const cx = c % g,
        cy = (c - cx) / g;
      let best = Infinity;
      for (let r = 0; r < g; r++) {
        const xa = cx - r,
          xb = cx + r,
          ya = cy - r,
          yb = cy + r;
        for (let j = Math.max(0, ya); j <= Math.min(g - 1, yb); j++) {
          if (j === ya || j === yb) {
            for (let i = Math.max(0, xa); i <= Math.min(g - 1, xb); i++) best = scanCell(j * g + i, x, y, z, best);
          } else {
            if (xa >= 0) best = scanCell(j * g + xa, x, y, z, best);
            if (xb < g) best = scanCell(j * g + xb, x, y, z, best);
          }
        }
        // Cells beyond ring r are at least r·h away in xy from a query inside cell (cx, cy).
        if (best <= r * h * (r * h)) break;
      }
      return best;
    },
  };
}
