/**
 * Cloth coverage (METHODS.md §8; SoftGym `_get_current_covered_area`, DeformPAM `metric_utils.py`).
 *
 * A `resolution`×`resolution` grid (default 100×100) is laid over an xy box; a cell counts as
 * covered when its centre lies within `radius` of some particle. The area is
 * (covered cells) × (cell area), in m².
 *
 * Grid box. By default the box is the xy bounding box of the particles grown by `radius` on every
 * side. Why: the flat cloth (a P×P lattice with spacing s and radius s/2) then tiles its own box
 * exactly, every cell is covered and A_flat = (P·s)², whatever the resolution, so the normalised
 * coverage of the flat cloth reads 1 (up to float rounding) rather than depending on how the
 * lattice aliases against the grid. SoftGym and DeformPAM use the ungrown bounding box and clip
 * the particle footprints to it; growing by `radius` keeps the footprints of edge particles.
 * Cost: the cell size shrinks as the cloth crumples, so the area of a crumpled state is measured
 * more finely than the flat one; pass a fixed `box` (e.g. the workspace) for a state-independent
 * grid, but then keep `radius` ≥ half a cell or the particles alias and the flat cloth reads < 1.
 *
 * Footprint. `square` (default, as SoftGym) marks cells whose centre is within `radius` along
 * both x and y; `disc` marks cells whose centre is within Euclidean distance `radius`.
 */
import { pointCount } from './point-cloud.ts';

/** An axis-aligned xy box in metres. */
export interface XYBox {
  min: [number, number];
  max: [number, number];
}

export interface CoverageOptions {
  /** Cells per side. Default 100 (SoftGym). */
  resolution?: number;
  /** Fixed grid box (metres). Default: particle bounding box grown by `radius`. */
  box?: XYBox;
  /** Particle footprint. Default `square` (SoftGym). */
  footprint?: 'square' | 'disc';
}

/**
 * Covered area in m² of the xy footprint of `particles` [P, 3] with particle `radius` (m).
 * Returns 0 for no particles or a degenerate box.
 */
export function coveredArea(particles: ArrayLike<number>, radius: number, opts: CoverageOptions = {}): number {
  const n = pointCount(particles, 'particles');
  if (!(radius >= 0)) throw new Error(`coveredArea radius: expected a number ≥ 0, got ${radius}`);
  const res = opts.resolution ?? 100;
  if (!Number.isInteger(res) || res < 1) throw new Error(`coveredArea resolution: expected an integer ≥ 1, got ${res}`);
  if (n === 0) return 0;
  const box = opts.box ?? grownBoundingBox(particles, n, radius);
  const sx = (box.max[0] - box.min[0]) / res,
    sy = (box.max[1] - box.min[1]) / res;
  if (!(sx > 0 && sy > 0)) return 0;
  const disc = opts.footprint === 'disc';
  const r2 = radius * radius;
  // Tolerance (in cells) so a cell centre lying on a footprint edge is not lost to the rounding
  // of float32 particle coordinates (~1e-7 relative): a flat lattice must tile its box.
  const eps = 1e-5;
  const grid = new Uint8Array(res * res);
  for (let p = 0; p < n; p++) {
    const px = particles[3 * p],
      py = particles[3 * p + 1];
    // Cell i has its centre at min + (i + 0.5)·s.
    const i0 = Math.max(0, Math.ceil((px - radius - box.min[0]) / sx - 0.5 - eps));
    const i1 = Math.min(res - 1, Math.floor((px + radius - box.min[0]) / sx - 0.5 + eps));
    const j0 = Math.max(0, Math.ceil((py - radius - box.min[1]) / sy - 0.5 - eps));
    const j1 = Math.min(res - 1, Math.floor((py + radius - box.min[1]) / sy - 0.5 + eps));
    for (let j = j0; j <= j1; j++) {
      const row = j * res;
      const dy = box.min[1] + (j + 0.5) * sy - py;
      for (let i = i0; i <= i1; i++) {
        if (disc) {
          const dx = box.min[0] + (i + 0.5) * sx - px;
          if (dx * dx + dy * dy > r2 * (1 + eps)) continue;
        }
        grid[row + i] = 1;
      }
    }
  }
  let count = 0;
  for (let k = 0; k < grid.length; k++) count += grid[k];
  return count * sx * sy;
}

/**
 * SoftGym normalised coverage (A − A0) / (Amax − A0): 0 at the initial state, 1 when flat.
 * `area` current, `initialArea` A0, `flatArea` Amax, all m². When Amax = A0 returns 1 if A ≥ Amax
 * else 0, so a task that starts flat does not divide by zero.
 */
export function normalisedCoverage(area: number, initialArea: number, flatArea: number): number {
  const span = flatArea - initialArea;
  if (span === 0) return area >= flatArea ? 1 : 0;
  return (area - initialArea) / span;
}

function grownBoundingBox(p: ArrayLike<number>, n: number, r: number): XYBox {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = p[3 * i],
      y = p[3 * i + 1];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return { min: [x0 - r, y0 - r], max: [x1 + r, y1 + r] };
}
