/**
 * Diversity of the K candidate actions sampled for one state (DeformPAM, "diversity" in the
 * released `tools/calculate metrics_general.py`; the paper text was not checked here).
 *
 * `candidateDiversity` keeps that code's sound part and fixes one step (issue 18). Kept: take the
 * xy of one point of every candidate and split them into 2 modes by k-means; the figure is the
 * spread within modes. Changed: the code took, per cluster, the standard deviation of the points'
 * *distances* to the centre, which is 0 whenever those distances are equal — any cluster of two
 * points, and any ring — so four clearly different actions scored 0. We take the root-mean-square
 * distance to the centre instead (the standard deviation of the points themselves), pooled over
 * clusters by size: √(SSE / K), SSE the k-means objective. Two more fixes: at most ⌊K/2⌋ clusters,
 * so 2 or 3 candidates are one mode (not singletons of spread 0), and the best of several k-means++
 * restarts, so the figure does not depend on the seeding. Which of the action's two points the code
 * uses is not clear from its data layout; we default to p0 (pick / start) and let the caller choose.
 * Units: those of the actions' frame.
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
  /** k-means++ restarts; the lowest within-cluster sum of squares wins. Default 10 (scikit-learn's n_init). */
  restarts?: number;
}

/** DeformPAM candidate diversity, with the fix of the module doc; 0 for fewer than 2 candidates. */
export function candidateDiversity(actions: readonly Action[], rng: Rng, opts: DiversityOptions = {}): number {
  const k = Math.max(1, Math.min(opts.clusters ?? 2, Math.floor(actions.length / 2)));
  if (actions.length < 2) return 0;
  const pts = actions.map((a) => (opts.point === 'p1' ? a.p1 : a.p0)).map((p) => [p[0], p[1]] as const);
  // Exactly 0 for identical points (a computed mean of equal values can be off in the last bit).
  if (pts.every((p) => p[0] === pts[0][0] && p[1] === pts[0][1])) return 0;
  let best = Infinity;
  for (let r = 0; r < (opts.restarts ?? 10); r++) {
    const { labels, centers } = kMeans(pts, k, rng, opts.iterations ?? 100);
    const sse = pts.reduce(
      (s, p, i) => s + (p[0] - centers[labels[i]][0]) ** 2 + (p[1] - centers[labels[i]][1]) ** 2,
      0,
    );
    best = Math.min(best, sse);
  }
  return Math.sqrt(best / pts.length);
}

/** Mean pairwise L2 distance between the 6-D action vectors (p0, p1); 0 for fewer than 2. */
export function meanPairwiseActionDistance(actions: readonly Action[]): number {
  let sum = 0,
    pairs = 0;
  for (let i = 0; i < actions.length; i++) {
    for (let j = i + 1; j < actions.length; j++) {
      const a = [...actions[i].p0, ...actions[i].p1],
        b = [...actions[j].p0, ...actions[j].p1];
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
    let r = rng.next() * total,
      i = 0;
    while (i < pts.length - 1 && (r -= w[i]) >= 0) i++;
    centers.push([...pts[total > 0 ? i : rng.int(pts.length)]]);
  }
  const labels = new Int32Array(pts.length).fill(-1);
  for (let it = 0; it < iterations; it++) {
    let changed = false;
    pts.forEach((p, i) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (d2(p, centers[c]) < d2(p, centers[best])) best = c;
      if (labels[i] !== best) {
        labels[i] = best;
        changed = true;
      }
    });
    if (!changed) break;
    for (let c = 0; c < k; c++) {
      const members = pts.filter((_, i) => labels[i] === c);
      if (members.length > 0)
        centers[c] = [
          members.reduce((s, p) => s + p[0], 0) / members.length,
          members.reduce((s, p) => s + p[1], 0) / members.length,
        ];
    }
  }
  return { labels, centers };
}
