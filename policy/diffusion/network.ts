/**
 * The noise network ε_θ(a_t, t, c) (METHODS.md §2), as nn/ graphs:
 * - encoder: PointNet over the observation points (shared per-point MLP, max-pool) → c, run
 *   once per decision;
 * - denoiser: an MLP on the noisy 6-number action whose layers are FiLM-conditioned on c, a
 *   sinusoidal embedding of t and (with `localSizes`) a local code: a per-point MLP on the offsets
 *   of every observation point from the action's two points, max-pooled — so the denoiser can see
 *   where an action touches the object, as DeformPAM's action tokens do through cross-attention
 *   and our explicit reward does through the same offsets. Run once per denoising step for all K.
 * Training uses both in one graph; inference exports them as two graphs sharing parameter names.
 *
 * Dimension letters: B batch (states, or K candidates), P points, D code width, Da = 6.
 */
import type { Rng } from '../../core/rng.ts';
import { makeRng } from '../../core/rng.ts';
import { activate, film, Graph, linear, mseLoss, pointNetEncoder, timeEmbedding, type Tensor } from '../../nn/index.ts';
import { ACTION_DIM, type ActionRange } from '../action-codec.ts';
import type { NetworkConfig } from './config.ts';
import { localCode } from './local-code.ts';

/** Names of the graph inputs and outputs (the model file's signature). */
export const IO = {
  points: 'obs_points',
  origin: 'obs_origin',
  action: 'noisy_action',
  t: 't',
  eps: 'eps',
  target: 'eps_target',
  code: 'obs_code',
} as const;

/** Width of c: the PointNet code, plus 3 when the origin is appended. */
export function condWidth(cfg: NetworkConfig): number {
  return cfg.codeSize + (cfg.originInput ? 3 : 0);
}

/** points [B, P, 3] (+ origin [B, 3]) → c [B, D(+3)]. */
export function encoder(g: Graph, points: Tensor, origin: Tensor | null, cfg: NetworkConfig, rng: Rng): Tensor {
  const code = pointNetEncoder(
    g,
    points,
    { name: 'enc', sizes: cfg.encoderSizes, out: cfg.codeSize, activation: cfg.activation },
    rng,
  ); // [B, D]
  return origin ? g.concat([code, origin], 1) : code; // [B, D(+3)]
}

/** True when the denoiser also looks at the observation points (a local code). */
export function usesLocalCode(cfg: NetworkConfig): boolean {
  return cfg.localSizes.length > 0;
}

/** What the denoiser needs to compute a local code: the points and the action range. */
export interface LocalInput {
  points: Tensor;
  range: ActionRange;
}

/** a_t [B, 6], t [B] (float steps), c [B, Dc] (+ points for the local code) → ε̂ [B, 6]. */
export function denoiser(
  g: Graph,
  a: Tensor,
  t: Tensor,
  c: Tensor,
  local: LocalInput | null,
  cfg: NetworkConfig,
  rng: Rng,
): Tensor {
  const cond = g.concat([c, timeEmbedding(g, t, cfg.timeEmbedding)], 1); // [B, Dc + E]
  let pre = linear(g, cond, { name: 'den.cond', out: cfg.hidden }, rng); // [B, H]
  if (usesLocalCode(cfg)) {
    if (!local) throw new Error('denoiser: this network needs the observation points for its local code');
    // A sum rather than a concat: the implicit reward replays this on [K, M, 6] actions with a
    // [M, Dc] code, and Add broadcasts where Concat does not.
    const l = localCode(g, local.points, a, cfg, local.range, rng.fork()); // [..., L]
    pre = pre.add(linear(g, l, { name: 'den.cond.local', out: cfg.hidden, bias: false }, rng.fork()));
  }
  const condH = activate(pre, cfg.activation); // [B, H]
  let h = a;
  for (let i = 0; i < cfg.blocks; i++) {
    h = linear(g, h, { name: `den.block.${i}`, out: cfg.hidden }, rng); // [B, H]
    h = activate(film(g, h, condH, { name: `den.film.${i}` }, rng), cfg.activation);
  }
  return linear(g, h, { name: 'den.out', out: ACTION_DIM, init: 'xavier' }, rng); // [B, 6]
}

function origin(g: Graph, cfg: NetworkConfig): Tensor | null {
  return cfg.originInput ? g.input(IO.origin, ['B', 3]) : null;
}

/** The whole network with its ε-prediction MSE loss, for training; output `eps`. */
export function buildTrainingGraph(
  cfg: NetworkConfig,
  range: ActionRange,
  rng: Rng,
): { graph: Graph; pred: Tensor; loss: Tensor } {
  const g = new Graph();
  const points = g.input(IO.points, ['B', 'P', 3]);
  const o = origin(g, cfg);
  const a = g.input(IO.action, ['B', ACTION_DIM]);
  const t = g.input(IO.t, ['B']);
  const target = g.input(IO.target, ['B', ACTION_DIM]);
  const c = encoder(g, points, o, cfg, rng.fork());
  const pred = denoiser(g, a, t, c, { points, range }, cfg, rng.fork());
  g.output(IO.eps, pred);
  return { graph: g, pred, loss: mseLoss(pred, target) };
}

/** Inference graph 1: observation → c (`obs_code`). Parameters are placeholders until restored. */
export function buildEncoderGraph(cfg: NetworkConfig): Graph {
  const g = new Graph();
  const points = g.input(IO.points, ['B', 'P', 3]);
  g.output(IO.code, encoder(g, points, origin(g, cfg), cfg, makeRng(0)));
  return g;
}

/**
 * Inference graph 2: (c, a_t, t) → ε̂, plus `obs_points` [1, P, 3] (the one observation) when the network has a
 * local code. Parameters are placeholders until restored.
 */
export function buildDenoiserGraph(cfg: NetworkConfig, range: ActionRange): Graph {
  const g = new Graph();
  const c = g.input(IO.code, ['B', condWidth(cfg)]);
  const a = g.input(IO.action, ['B', ACTION_DIM]);
  const t = g.input(IO.t, ['B']);
  const local = usesLocalCode(cfg) ? { points: g.input(IO.points, [1, 'P', 3]), range } : null;
  g.output(IO.eps, denoiser(g, a, t, c, local, cfg, makeRng(0)));
  return g;
}
