/**
 * Diversity of the K candidate actions sampled for one state (DeformPAM, "diversity" in the
 * released `tools/calculate metrics_general.py`; the paper text was not checked here).
 *
 * `candidateDiversity` follows that code: take the xy of one point of every candidate, split them
 * into 2 clusters by k-means, take per cluster the (population) standard deviation of the points'
 * distances to their cluster centre, and average over clusters. It measures spread within modes,
 * not the distance between modes. Which of the action's two points the code uses is not clear
 * from its data layout; we default to p0 (pick / start) and let the caller choose.
 *
 * `meanPairwiseActionDistance` is the simpler alternative: the mean L2 distance between the 6-D
 * vectors (p0, p1) over all K(K−1)/2 pairs, in the actions' frame units.
 */
import type { Action, Rng } from '../types.ts';

export interface DiversityOptions {
  /** Which action point to cluster. Default 'p0'. */
  point?: 'p0' | 'p1';
  /** Number of k-means clusters. Default 2 (DeformPAM). */
  clusters?: number;
  /** Lloyd iterations at most. Default 100. */
  iterations?: number;
}

/** DeformPAM candidate diversity (see module doc); 0 for fewer than 2 candidates. */
export function candidateDiversity(actions: readonly Action[], rng: Rng, opts: DiversityOptions = {}): number {
  const k = Math.min(opts.clusters ?? 2, actions.length);
  if (actions.length < 2 || k < 1) return 0;
  const pts = actions.map((a) => (opts.point === 'p1' ? a.p1 : a.p0)).map((p) => [p[0], p[1]] as const);
  const { labels, centers } = kMeans(pts, k, rng, opts.iterations ?? 100);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const d = pts.filter((_, i) => labels[i] === c).map((p) => Math.hypot(p[0] - centers[c][0], p[1] - centers[c][1]));
    if (d.length === 0) continue;
    const mean = d.reduce((s, x) => s + x, 0) / d.length;
    sum += Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / d.length);
  }
  return sum / k;
}

/** Mean pairwise L2 distance between the 6-D action vectors (p0, p1); 0 for fewer than 2. */
export function meanPairwiseActionDistance(actions: readonly Action[]): number {
  let sum = 0, pairs = 0;
  for (let i = 0; i < actions.length; i++) {
    for (let j = i + 1; j < actions.length; j++) {
      const a = [...actions[i].p0, ...actions[i].p1], b = [...actions[j].p0, ...actions[j].p1];
      sum += Math.hypot(...a.map((x, d) => x - b[d]));
      pairs++;
    }
  }
  return pairs === 0 ? 0 : sum / pairs;
}

/** k-means++ seeding with `rng`, then Lloyd iterations until labels stop changing. */
function kMeans(pts: ReadonlyArray<readonly [number, number]>, k: number, rng: Rng, iterations: number) {
  const d2 = (p: readonly [number, number], c: readonly [number, number]) => (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2;
  const centers: Array<[number, number]> = [[...pts[rng.int(pts.length)]]];
  while (centers.length < k) {
    const w = pts.map((p) => Math.min(...centers.map((c) => d2(p, c))));
    const total = w.reduce((s, x) => s + x, 0);
    let r = rng.next() * total, i = 0;
    while (i < pts.length - 1 && (r -= w[i]) >= 0) i++;
    centers.push([...pts[total > 0 ? i : rng.int(pts.length)]]);
  }
  const labels = new Int32Array(pts.length).fill(-1);
  for (let it = 0; it < iterations; it++) {
    let changed = false;
    pts.forEach((p, i) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (d2(p, centers[c]) < d2(p, centers[best])) best = c;
      if (labels[i] !== best) { labels[i] = best; changed = true; }
    });
    if (!changed) break;
    for (let c = 0; c < k; c++) {
      const members = pts.filter((_, i) => labels[i] === c);
      if (members.length > 0) centers[c] = [members.reduce((s, p) => s + p[0], 0) / members.length, members.reduce((s, p) => s + p[1], 0) / members.length];
    }
  }
  return { labels, centers };
}
