/**
 * The denoiser's local code: what the observation looks like where a noisy action a_t [..., 6]
 * (in the [-1, 1] action space) would touch it. The action is mapped back to the observation
 * frame with the checkpoint's action range; points are [1, P, 3] (one observation broadcast over
 * every row) or [B, P, 3] in training. Axes count from the end, so the implicit reward can replay
 * the graph on [K, M, 6] actions. Two kinds (`NetworkConfig.localKind`):
 * - `offsets`: each point's offsets from p0 and p1 and its squared distances to them through a
 *   per-point MLP, max-pooled (as the explicit reward sees the state);
 * - `attention`: p0 and p1 each attend to per-point features with weights softmax(−β·d²), β
 *   learned (DeformPAM's action tokens cross-attend to per-point features).
 */
import type { Rng } from '../../core/rng.ts';
import { activate, type Graph, initWeight, linear, mlp, type Tensor } from '../../nn/index.ts';
import { ACTION_DIM, type ActionRange } from '../action-codec.ts';
import type { NetworkConfig } from './config.ts';

/** a_t in the [-1, 1] action space → the two points in the observation frame, [..., 1, 3] each. */
function framePoints(g: Graph, a: Tensor, range: ActionRange): { frame: Tensor; p0: Tensor; p1: Tensor } {
  const half = range.high.map((h, d) => (h - range.low[d]) / 2);
  const mid = range.high.map((h, d) => (h + range.low[d]) / 2);
  const frame = a
    .mul(g.constant(Float32Array.from(half), [ACTION_DIM]))
    .add(g.constant(Float32Array.from(mid), [ACTION_DIM]));
  return {
    frame,
    p0: frame.slice([0], [3], [-1]).unsqueeze([-2]),
    p1: frame.slice([3], [6], [-1]).unsqueeze([-2]),
  };
}

/** Squared distance of every point to p: [..., P, 1]. */
const squaredDistance = (points: Tensor, p: Tensor) => points.sub(p).square().sum([-1], true);

function offsetsCode(g: Graph, points: Tensor, a: Tensor, cfg: NetworkConfig, range: ActionRange, rng: Rng) {
  const { frame, p0, p1 } = framePoints(g, a, range);
  const [first, ...rest] = cfg.localSizes;
  // Squared distances to p0 and p1 let one layer and a max tell whether any point lies within a
  // learned radius of an action point (relu(r² − d²) pooled is "the nearest point is this close").
  const sq = g.concat([squaredDistance(points, p0), squaredDistance(points, p1)], -1); // [..., P, 2]
  // The offsets [pts − p0, pts − p1]·W + b are computed as pts·(W₀ + W₁) + b − [p0, p1]·W: the
  // same function, but the [P, L₀] point term is shared by every candidate and step.
  const init = initWeight('kaiming', ACTION_DIM + 2, first, rng); // one layer's rows: 6 offsets, 2 distances
  const w = g.param('den.local.0.w', [ACTION_DIM, first], init.slice(0, ACTION_DIM * first));
  const u = g.param('den.local.0.d', [2, first], init.slice(ACTION_DIM * first));
  const b = g.param('den.local.0.b', [first], new Float32Array(first));
  const pointTerm = points.matmul(w.slice([0], [3], [0]).add(w.slice([3], [6], [0]))).add(b); // [Bp, P, L₀]
  const actionTerm = frame.matmul(w).unsqueeze([-2]); // [..., 1, L₀]
  let h = activate(pointTerm.sub(actionTerm).add(sq.matmul(u)), 'relu'); // [..., P, L₀]
  rest.forEach((out, i) => {
    h = activate(linear(g, h, { name: `den.local.${i + 1}`, out }, rng), 'relu'); // [..., P, L_i]
  });
  return h.max([-2]); // [..., L]
}

/** Initial β of softmax(−β·d²): an attention radius of about 0.1 in the normalised frame. */
const INITIAL_LOG_BETA = Math.log(100);

function attentionCode(g: Graph, points: Tensor, a: Tensor, cfg: NetworkConfig, range: ActionRange, rng: Rng) {
  const { p0, p1 } = framePoints(g, a, range);
  // Per-point features from each point's position and the cloud's max-pooled context.
  const own = mlp(g, points, { name: 'den.attn.point', sizes: cfg.localSizes, outActivation: 'relu' }, rng);
  const features = g.concat([own, own.max([-2], true).mul(points.slice([0], [1], [-1]).mul(0).add(1))], -1);
  const logBeta = g.param('den.attn.logBeta', [2], Float32Array.from([INITIAL_LOG_BETA, INITIAL_LOG_BETA]));
  const attend = (p: Tensor, j: number) => {
    const d2 = squaredDistance(points, p); // [..., P, 1]
    const beta = logBeta.slice([j], [j + 1], [0]).exp(); // [1]
    const weights = d2.squeeze([-1]).mul(beta).neg().softmax(-1).unsqueeze([-2]); // [..., 1, P]
    // The attended features, and the attention-weighted squared distance (how near the object is),
    // as matrix products: one [1, P] row per action against the shared [P, ·] point tensors.
    return [weights.matmul(features).squeeze([-2]), weights.matmul(d2).squeeze([-2])];
  };
  return g.concat([...attend(p0, 0), ...attend(p1, 1)], -1); // [..., 2·(2L + 1)]
}

/** The local code [..., L'] of `a` against `points` (see the file comment for the two kinds). */
export function localCode(g: Graph, points: Tensor, a: Tensor, cfg: NetworkConfig, range: ActionRange, rng: Rng) {
  return cfg.localKind === 'attention'
    ? attentionCode(g, points, a, cfg, range, rng)
    : offsetsCode(g, points, a, cfg, range, rng);
}
