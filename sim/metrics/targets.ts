/**
 * Goal shapes for the shape tasks, as point clouds [N, 3] on the table plane (z = 0), metres.
 * rope-circle compares against `circleTarget`; granular-T against `tShapeTarget`; push-T can use
 * `tBlockFootprint` for the block at a pose. IoU/Chamfer/EMD zero-mean their inputs, so where a
 * target sits does not matter to them; the T is built centred on its area centroid anyway.
 */
import { z } from 'zod';

/** `n` points evenly spaced on a circle of `radius` metres about (cx, cy), z = 0. */
export function circleTarget(radius: number, n: number, center: [number, number] = [0, 0]): Float32Array {
  if (!(radius > 0) || !Number.isFinite(radius))
    throw new Error(`circleTarget radius: expected a finite number > 0, got ${radius}`);
  if (!Number.isInteger(n) || n < 1) throw new Error(`circleTarget n: expected an integer ≥ 1, got ${n}`);
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    out[3 * i] = center[0] + radius * Math.cos(t);
    out[3 * i + 1] = center[1] + radius * Math.sin(t);
  }
  return out;
}

/**
 * T dimensions in metres: a horizontal bar on top of a vertical stem, the stem centred under
 * the bar. Defaults are ours (not from a paper): a 0.24 × 0.06 bar on a 0.06 × 0.18 stem.
 */
export const TShapeSchema = z.object({
  barWidth: z.number().positive().default(0.24).describe('bar length along x, m'),
  barHeight: z.number().positive().default(0.06).describe('bar thickness along y, m'),
  stemWidth: z.number().positive().default(0.06).describe('stem thickness along x, m'),
  stemHeight: z.number().positive().default(0.18).describe('stem length along y below the bar, m'),
});
export type TShape = z.infer<typeof TShapeSchema>;

/** The T's outline as 8 xy vertices (counter-clockwise), centred on the area centroid. */
export function tShapePolygon(shape: Partial<TShape> = {}): Array<[number, number]> {
  const { barWidth: bw, barHeight: bh, stemWidth: sw, stemHeight: sh } = TShapeSchema.parse(shape);
  const cy = centroidY(bw, bh, sw, sh);
  const pts: Array<[number, number]> = [
    [-sw / 2, 0],
    [sw / 2, 0],
    [sw / 2, sh],
    [bw / 2, sh],
    [bw / 2, sh + bh],
    [-bw / 2, sh + bh],
    [-bw / 2, sh],
    [-sw / 2, sh],
  ];
  return pts.map(([x, y]) => [x, y - cy]);
}

/** True when (x, y) lies inside (or on the edge of) the centred T. */
export function insideTShape(x: number, y: number, shape: Partial<TShape> = {}): boolean {
  const { barWidth: bw, barHeight: bh, stemWidth: sw, stemHeight: sh } = TShapeSchema.parse(shape);
  const yy = y + centroidY(bw, bh, sw, sh);
  const inStem = Math.abs(x) <= sw / 2 && yy >= 0 && yy <= sh;
  const inBar = Math.abs(x) <= bw / 2 && yy >= sh && yy <= sh + bh;
  return inStem || inBar;
}

/**
 * A filled T as grid points `spacing` metres apart (cell centres of a square lattice clipped to
 * the T), centred on the area centroid, z = 0. Default spacing 0.005 m (~1150 points for the
 * default T).
 */
export function tShapeTarget(shape: Partial<TShape> = {}, spacing = 0.005): Float32Array {
  if (!(spacing > 0)) throw new Error(`tShapeTarget spacing: expected a number > 0, got ${spacing}`);
  const s = TShapeSchema.parse(shape);
  const cy = centroidY(s.barWidth, s.barHeight, s.stemWidth, s.stemHeight);
  const out: number[] = [];
  const fill = (x0: number, x1: number, y0: number, y1: number): void => {
    const nx = Math.max(1, Math.round((x1 - x0) / spacing)),
      ny = Math.max(1, Math.round((y1 - y0) / spacing));
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        out.push(x0 + ((i + 0.5) * (x1 - x0)) / nx, y0 + ((j + 0.5) * (y1 - y0)) / ny - cy, 0);
      }
  };
  fill(-s.stemWidth / 2, s.stemWidth / 2, 0, s.stemHeight);
  fill(-s.barWidth / 2, s.barWidth / 2, s.stemHeight, s.stemHeight + s.barHeight);
  return Float32Array.from(out);
}

/**
 * The filled T footprint (as `tShapeTarget`) moved to a planar pose: rotated by `theta` radians
 * about its centroid, then translated to (x, y); z = 0. For push-T's block and goal.
 */
export function tBlockFootprint(
  pose: { x: number; y: number; theta: number },
  shape: Partial<TShape> = {},
  spacing = 0.005,
): Float32Array {
  const local = tShapeTarget(shape, spacing);
  const c = Math.cos(pose.theta),
    s = Math.sin(pose.theta);
  for (let i = 0; i < local.length; i += 3) {
    const x = local[i],
      y = local[i + 1];
    local[i] = pose.x + x * c - y * s;
    local[i + 1] = pose.y + x * s + y * c;
  }
  return local;
}

/** y of the area centroid measured from the stem's bottom edge. */
function centroidY(bw: number, bh: number, sw: number, sh: number): number {
  const aBar = bw * bh,
    aStem = sw * sh;
  return (aBar * (sh + bh / 2) + aStem * (sh / 2)) / (aBar + aStem);
}
