/**
 * The noise network ε_θ(a_t, t, c) (METHODS.md §2), as nn/ graphs:
 * - encoder: PointNet over the observation points (shared per-point MLP, max-pool) → c, run
 *   once per decision;
 * - denoiser: an MLP on the noisy 6-number action whose layers are FiLM-conditioned on c and a
 *   sinusoidal embedding of t, run once per denoising step for all K candidates.
 * Training uses both in one graph; inference exports them as two graphs sharing parameter names.
 *
 * Dimension letters: B batch (states, or K candidates), P points, D code width, Da = 6.
 */
import type { Rng } from '../../core/rng.ts';
import { makeRng } from '../../core/rng.ts';
import { activate, film, Graph, linear, mseLoss, pointNetEncoder, timeEmbedding, type Tensor } from '../../nn/index.ts';
import { ACTION_DIM } from '../action-codec.ts';
import type { NetworkConfig } from './config.ts';

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

/** a_t [B, 6], t [B] (float steps), c [B, Dc] → ε̂ [B, 6]. */
export function denoiser(g: Graph, a: Tensor, t: Tensor, c: Tensor, cfg: NetworkConfig, rng: Rng): Tensor {
  const cond = g.concat([c, timeEmbedding(g, t, cfg.timeEmbedding)], 1); // [B, Dc + E]
  const condH = activate(linear(g, cond, { name: 'den.cond', out: cfg.hidden }, rng), cfg.activation); // [B, H]
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
export function buildTrainingGraph(cfg: NetworkConfig, rng: Rng): { graph: Graph; pred: Tensor; loss: Tensor } {
  const g = new Graph();
  const points = g.input(IO.points, ['B', 'P', 3]);
  const o = origin(g, cfg);
  const a = g.input(IO.action, ['B', ACTION_DIM]);
  const t = g.input(IO.t, ['B']);
  const target = g.input(IO.target, ['B', ACTION_DIM]);
  const c = encoder(g, points, o, cfg, rng.fork());
  const pred = denoiser(g, a, t, c, cfg, rng.fork());
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

/** Inference graph 2: (c, a_t, t) → ε̂. Parameters are placeholders until restored. */
export function buildDenoiserGraph(cfg: NetworkConfig): Graph {
  const g = new Graph();
  const c = g.input(IO.code, ['B', condWidth(cfg)]);
  const a = g.input(IO.action, ['B', ACTION_DIM]);
  const t = g.input(IO.t, ['B']);
  g.output(IO.eps, denoiser(g, a, t, c, cfg, makeRng(0)));
  return g;
}
