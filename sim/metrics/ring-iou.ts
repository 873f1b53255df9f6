/**
 * IoU of a rope (an open polyline) to a goal ring, both drawn as bands of one width `band`.
 *
 * METHODS.md §8's shape IoU draws the rope's points and the ideal 1-D ring as 2 px discs after
 * min-max scaling; a perfect rope circle scores only ~0.7 there, because two thin rings a pixel
 * apart barely overlap. Here both are bands of the same metric width on a fixed metric grid:
 * the rope is the set of points within band/2 of its polyline, the ring the set within band/2 of
 * the circle of `radius`. A rope lying exactly on the circle scores 1 (up to pixelisation).
 *
 * Translation-invariant like §8 (a circle has no orientation, so no rotation search): the ring
 * is centred on the rope's arc-length centroid, then the best IoU over a 5×5 grid of ring
 * offsets within ±band/2 of it is returned (a closed but lopsided loop's centroid is off-centre).
 * The ring's pixel count is taken once, on a grid through its centre.
 */

export interface RingIoUOptions {
  /** Band width of the rope and the ring, metres (the rope's thickness is a sound choice). */
  band: number;
  /** Pixel side, metres. Default band / 6. */
  pixel?: number;
}

/** Best band IoU in [0, 1] of the polyline `points` [N, 3] (xy used) to a ring of `radius`. */
export function ringIoU(points: ArrayLike<number>, radius: number, opts: RingIoUOptions): number {
  const n = points.length / 3;
  if (!Number.isInteger(n) || n < 2)
    throw new Error(`ringIoU points: expected an [N ≥ 2, 3] polyline, got length ${points.length}`);
  if (!(radius > 0) || !Number.isFinite(radius))
    throw new Error(`ringIoU radius: expected a finite number > 0, got ${radius}`);
  const { band } = opts;
  if (!(band > 0) || !Number.isFinite(band)) throw new Error(`ringIoU band: expected a finite number > 0, got ${band}`);
  const pix = opts.pixel ?? band / 6;
  const half = band / 2;
  const samples = densify(points, n, pix / 2);
  const [cx, cy] = arcCentroid(points, n);
  const m = samples.length / 2;
  // Grid covering the rope's band.
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (let i = 0; i < m; i++) {
    const x = samples[2 * i],
      y = samples[2 * i + 1];
    if (x - half < x0) x0 = x - half;
    if (x + half > x1) x1 = x + half;
    if (y - half < y0) y0 = y - half;
    if (y + half > y1) y1 = y + half;
  }
  const w = Math.ceil((x1 - x0) / pix) + 1,
    h = Math.ceil((y1 - y0) / pix) + 1;
  const rope = new Uint8Array(w * h);
  const r = Math.ceil(half / pix);
  let ropeArea = 0;
  for (let i = 0; i < m; i++) {
    const sx = samples[2 * i],
      sy = samples[2 * i + 1];
    const px = Math.floor((sx - x0) / pix),
      py = Math.floor((sy - y0) / pix);
    for (let dy = -r; dy <= r; dy++) {
      const y = py + dy;
      if (y < 0 || y >= h) continue;
      const yc = y0 + (y + 0.5) * pix - sy;
      for (let dx = -r; dx <= r; dx++) {
        const x = px + dx;
        if (x < 0 || x >= w || rope[y * w + x]) continue;
        const xc = x0 + (x + 0.5) * pix - sx;
        if (xc * xc + yc * yc <= half * half) {
          rope[y * w + x] = 1;
          ropeArea++;
        }
      }
    }
  }
  // Rope pixel centres, relative to the centroid.
  const rx = new Float64Array(ropeArea),
    ry = new Float64Array(ropeArea);
  for (let y = 0, k = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (rope[y * w + x]) {
        rx[k] = x0 + (x + 0.5) * pix - cx;
        ry[k] = y0 + (y + 0.5) * pix - cy;
        k++;
      }
    }
  }
  const lo = Math.max(0, radius - half) ** 2,
    hi = (radius + half) ** 2;
  const ring = ringPixels(radius, half, pix);
  let best = 0;
  for (let oy = -2; oy <= 2; oy++) {
    for (let ox = -2; ox <= 2; ox++) {
      const dx = (ox * half) / 2,
        dy = (oy * half) / 2;
      let inter = 0;
      for (let k = 0; k < ropeArea; k++) {
        const d = (rx[k] - dx) ** 2 + (ry[k] - dy) ** 2;
        if (d >= lo && d <= hi) inter++;
      }
      const iou = inter / (ropeArea + ring - inter);
      if (iou > best) best = iou;
    }
  }
  return best;
}

/** ringPixels by its arguments: a task calls with one radius and band, so this stays tiny. */
const RING_PIXELS = new Map<string, number>();

/** Pixels of side `pix` whose centres lie within `half` of a circle of `radius` (on a grid through its centre). */
function ringPixels(radius: number, half: number, pix: number): number {
  const key = `${radius} ${half} ${pix}`;
  let count = RING_PIXELS.get(key);
  if (count === undefined) {
    count = countRingPixels(radius, half, pix);
    if (RING_PIXELS.size < 64) RING_PIXELS.set(key, count);
  }
  return count;
}

function countRingPixels(radius: number, half: number, pix: number): number {
  const lo = Math.max(0, radius - half) ** 2,
    hi = (radius + half) ** 2;
  const r = Math.ceil((radius + half) / pix);
  let count = 0;
  for (let y = -r; y < r; y++) {
    const yc = (y + 0.5) * pix;
    for (let x = -r; x < r; x++) {
      const d = ((x + 0.5) * pix) ** 2 + yc * yc;
      if (d >= lo && d <= hi) count++;
    }
  }
  return count;
}

/** xy samples [M, 2] along the polyline, at most `step` metres apart, ends included. */
function densify(p: ArrayLike<number>, n: number, step: number): Float64Array {
  const out: number[] = [p[0], p[1]];
  for (let i = 1; i < n; i++) {
    const ax = p[3 * i - 3],
      ay = p[3 * i - 2],
      bx = p[3 * i],
      by = p[3 * i + 1];
    if (![ax, ay, bx, by].every(Number.isFinite))
      throw new Error(`ringIoU points: expected finite coordinates at point ${i - 1} or ${i}`);
    const k = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / step));
    for (let s = 1; s <= k; s++) out.push(ax + ((bx - ax) * s) / k, ay + ((by - ay) * s) / k);
  }
  return Float64Array.from(out);
}

/** Centroid of the polyline's length (segment midpoints weighted by length); its mean point if it has none. */
export function arcCentroid(p: ArrayLike<number>, n = p.length / 3): [number, number] {
  let sx = 0,
    sy = 0,
    total = 0;
  for (let i = 1; i < n; i++) {
    const len = Math.hypot(p[3 * i] - p[3 * i - 3], p[3 * i + 1] - p[3 * i - 2]);
    sx += (len * (p[3 * i] + p[3 * i - 3])) / 2;
    sy += (len * (p[3 * i + 1] + p[3 * i - 2])) / 2;
    total += len;
  }
  if (total > 0) return [sx / total, sy / total];
  for (let i = 0; i < n; i++) {
    sx += p[3 * i] / n;
    sy += p[3 * i + 1] / n;
  }
  return [sx, sy];
}
