/**
 * The explicit reward network r_ψ(s, a) (METHODS §4): an action-conditioned PointNet state
 * encoding (per-point MLP on the offsets of each point from p0 and p1, and from the world origin,
 * max-pooled) fused with an action MLP, then a scalar head. Candidates of a state share the state's points, so one run
 * scores K candidates of B states. Members of an ensemble live in the same graph under
 * prefixes `m0.`, `m1.`, ...
 */
import type { Rng } from '../../core/rng.ts';
import { activate, type Graph, linear, mlp, type Tensor } from '../../nn/index.ts';
import type { ExplicitConfig } from './explicit-config.ts';
import { ACTION_DIMS, CANDIDATE_DIMS } from './features.ts';

/**
 * Inputs points [B, N, 3] and candidates [B, K, 9] (p0, p1, world origin) → rewards [B, K] for
 * one member. With `originInput` the action MLP also sees p0 − origin and p1 − origin, the
 * action in the table's frame.
 */
export function explicitMember(
  g: Graph,
  points: Tensor,
  candidates: Tensor,
  cfg: ExplicitConfig,
  name: string,
  rng: Rng,
): Tensor {
  const fused = explicitEncoder(g, points, candidates, cfg, name, rng); // [B, K, F]
  const r = mlp(g, fused, { name: `${name}.head`, sizes: [...cfg.headSizes, 1] }, rng); // [B, K, 1]
  return r.squeeze([2]); // [B, K]
}

/** Config fields that fix the encoder's parameter shapes (a pretrained encoder must match them). */
export const ENCODER_FIELDS = ['pointSizes', 'actionSizes', 'fuse', 'originInput'] as const;

/**
 * The state–action encoder of one member: per-point MLP, max-pool, action MLP, fused layer →
 * [B, K, F]. Its parameters are `${name}.point.*`, `${name}.action.*`, `${name}.fuse.*`; what
 * `pretrainExplicitEncoder` trains on physics targets.
 */
export function explicitEncoder(
  g: Graph,
  points: Tensor,
  candidates: Tensor,
  cfg: ExplicitConfig,
  name: string,
  rng: Rng,
): Tensor {
  const actions = candidates.slice([0], [ACTION_DIMS], [2]); // [B, K, 6]
  const p0 = actions.slice([0], [3], [2]).unsqueeze([2]); // [B, K, 1, 3]
  const p1 = actions.slice([3], [6], [2]).unsqueeze([2]); // [B, K, 1, 3]
  const pts = points.unsqueeze([1]); // [B, 1, N, 3]
  const origin = candidates.slice([ACTION_DIMS], [CANDIDATE_DIMS], [2]); // [B, K, 3]
  const feats = [pts.sub(p0), pts.sub(p1)];
  // With the origin, each point also carries where it lies on the table (pts − origin).
  if (cfg.originInput) feats.push(pts.sub(origin.unsqueeze([2])));
  let h = g.concat(feats, 3); // [B, K, N, 3·features]
  cfg.pointSizes.forEach((out, i) => {
    h = linear(g, h, { name: `${name}.point.${i}`, out }, rng).relu(); // [B, K, N, C_i]
  });
  const code = h.max([2]); // [B, K, C]
  let actIn = actions;
  if (cfg.originInput) {
    actIn = g.concat([actions, actions.sub(g.concat([origin, origin], 2))], 2); // [B, K, 12]
  }
  // [B, K, H]
  const act = mlp(g, actIn, { name: `${name}.action`, sizes: cfg.actionSizes, outActivation: 'relu' }, rng);
  const fused = activate(
    linear(g, code, { name: `${name}.fuse.s`, out: cfg.fuse }, rng).add(
      linear(g, act, { name: `${name}.fuse.a`, out: cfg.fuse, bias: false }, rng),
    ),
    'relu',
  ); // [B, K, F]
  return fused;
}

/** A graph of M members with shared inputs; `r` output is [B, K, M]. */
export interface ExplicitGraph {
  g: Graph;
  points: Tensor;
  actions: Tensor;
  /** Per member: [B, K]. */
  members: Tensor[];
}

/**
 * Builds the inference/training graph: inputs `points` [B, N, 3], `actions` [B, K, 9] (candidate features); output `r`
 * [B, K, M].
 */
export function buildExplicitGraph(g: Graph, cfg: ExplicitConfig, members: number, rng: Rng): ExplicitGraph {
  const points = g.input('points', ['B', 'N', 3]);
  const actions = g.input('actions', ['B', 'K', CANDIDATE_DIMS]);
  const ms = Array.from({ length: members }, (_, m) => explicitMember(g, points, actions, cfg, `m${m}`, rng.fork()));
  g.output(
    'r',
    g.concat(
      ms.map((r) => r.unsqueeze([2])),
      2,
    ),
  ); // [B, K, M]
  return { g, points, actions, members: ms };
}

/**
 * Margin z = r_A − r_B of K = 2 candidates (A first, then B) as Σ_k sign_k r_k, with the
 * `sign` input [B, K] fed as (1, −1) rows (K is symbolic, so it cannot be sliced): [B, 1].
 */
export function pairMargin(r: Tensor, sign: Tensor): Tensor {
  return r.mul(sign).sum([1], true);
}

/** Per-pair Bradley–Terry loss ℓ = softplus(z) − y·z, y ∈ {1, 0, 0.5}: [B, 1]. */
export function pairLosses(z: Tensor, y: Tensor): Tensor {
  return z.softplus().sub(y.mul(z));
}
