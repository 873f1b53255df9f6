/**
 * Graphs of the implicit Diffusion-DPO reward (METHODS §4, DeformPAM). Both hold two copies of
 * the policy's noise network, replayed from the policy's own encoder and denoiser graphs under
 * the prefixes `theta.` (fine-tuned ε_θ) and `ref.` (frozen ε_ref):
 *
 * - DPO training graph, one row per labelled pair (winner w, loser l) with one shared t and ε:
 *   e_m(a) = ‖ε − ε_m(a_t, t, c)‖² (mean over the Da = 6 dims, as the released Diffusion-DPO code),
 *   Δ = [e_θ(w) − e_ref(w)] − [e_θ(l) − e_ref(l)], loss −log σ(−βΔ) or −σ(−βΔ).
 * - scoring graph, one state: the encoders run once, then both denoisers on K candidates × M
 *   draws (t_m, ε_m) shared by all candidates: d [K, M] = e_θ − e_ref. r(a_k) = −β·mean_m d[k, m].
 *
 * Dimension letters: B pairs, P points, K candidates, M draws, Da = 6, Dc code width.
 */
import { Graph, type Checkpoint, type Tensor } from '../../nn/index.ts';
import { restoreParams } from '../../nn/index.ts';
import { ACTION_DIM, buildDenoiserGraph, buildEncoderGraph, IO, type PolicyArchitecture } from '../../policy/index.ts';
import type { ImplicitConfig } from './implicit-config.ts';
import { inlineGraph } from './inline-graph.ts';

export const THETA = 'theta.';
export const REF = 'ref.';

/** Names of the implicit graphs' inputs and outputs. */
export const IMPLICIT_IO = {
  points: IO.points,
  origin: IO.origin,
  /** Noisy actions a_t: training [2, B, 6] (winners then losers); scoring [K, M, 6]. */
  noisy: 'noisy_action',
  /** Noise ε: training [B, 6]; scoring [M, 6]. */
  eps: 'eps',
  /** Integer steps as floats: training [B]; scoring [M]. */
  t: 't',
  /** Scoring output d = e_θ − e_ref [K, M]. */
  d: 'd',
  /** Training output Δ per pair [1, B]. */
  delta: 'delta',
} as const;

/** The policy's encoder and denoiser graphs, holding its trained parameters. */
export interface PolicyNets {
  encoder: Graph;
  denoiser: Graph;
}

/** Builds the policy's two inference graphs and restores the checkpoint's parameters into them. */
export function policyNets(arch: PolicyArchitecture, ckpt: Checkpoint): PolicyNets {
  const encoder = buildEncoderGraph(arch.network),
    denoiser = buildDenoiserGraph(arch.network, arch.actionRange);
  restoreParams(encoder, ckpt);
  restoreParams(denoiser, ckpt);
  return { encoder, denoiser };
}

/** Copies the `prefix` parameters of `from` (a graph holding inlined nets) back into `nets`. */
export function netsFrom(nets: PolicyNets, from: Graph, prefix: string): PolicyNets {
  const byName = new Map(from.params().map((p) => [p.name, p.data]));
  const copy = (g: Graph) => {
    const out = cloneGraph(g);
    for (const p of out.params()) {
      const d = byName.get(prefix + p.name);
      if (!d) throw new Error(`implicit reward: graph has no parameter '${prefix}${p.name}'`);
      p.data.set(d);
    }
    return out;
  };
  return { encoder: copy(nets.encoder), denoiser: copy(nets.denoiser) };
}

function cloneGraph(g: Graph): Graph {
  const out = new Graph();
  const inputs = Object.fromEntries(
    g.values.filter((v) => v.kind === 'input').map((v) => [v.name, out.input(v.name, v.shape, v.dtype)]),
  );
  const outs = inlineGraph(out, g, '', inputs);
  for (const [name, t] of Object.entries(outs)) out.output(name, t);
  return out;
}

/** e = mean over Da of (ε̂ − ε)²: pred [..., 6], eps broadcastable → [...]. */
function sqErr(pred: Tensor, eps: Tensor): Tensor {
  return pred
    .sub(eps)
    .square()
    .mean([pred.rank - 1]);
}

/** Encoder then denoiser of one copy; `code` maps c [B, Dc] to what the denoiser conditions on. */
function copyOf(
  g: Graph,
  nets: PolicyNets,
  prefix: string,
  obs: Record<string, Tensor>,
  noisy: Tensor,
  t: Tensor,
  code: (c: Tensor) => Tensor,
): Tensor {
  const c = inlineGraph(g, nets.encoder, prefix, obs)[IO.code];
  // A denoiser with a local code also reads the points (one state's [1, P, 3] broadcasts over K, M).
  const points: Record<string, Tensor> = nets.denoiser.values.some((v) => v.kind === 'input' && v.name === IO.points)
    ? { [IO.points]: obs[IO.points] }
    : {};
  return inlineGraph(g, nets.denoiser, prefix, { ...points, [IO.code]: code(c), [IO.action]: noisy, [IO.t]: t })[
    IO.eps
  ];
}

function obsInputs(g: Graph, arch: PolicyArchitecture, batch: 'B' | 1): Record<string, Tensor> {
  return {
    [IO.points]: g.input(IMPLICIT_IO.points, [batch, 'P', 3]),
    ...(arch.network.originInput ? { [IO.origin]: g.input(IMPLICIT_IO.origin, [batch, 3]) } : {}),
  };
}

/**
 * Scoring graph: obs_points [1, P, 3], obs_origin [1, 3], noisy_action [K, M, 6], eps [M, 6],
 * t [M] → d [K, M]. `theta` and `ref` are the two copies' nets.
 */
export function buildScoreGraph(arch: PolicyArchitecture, theta: PolicyNets, ref: PolicyNets): Graph {
  const g = new Graph();
  const obs = obsInputs(g, arch, 1);
  const noisy = g.input(IMPLICIT_IO.noisy, ['K', 'M', ACTION_DIM]);
  const eps = g.input(IMPLICIT_IO.eps, ['M', ACTION_DIM]);
  const t = g.input(IMPLICIT_IO.t, ['M']);
  // The one state's code, repeated for the M draws ([M, 1] ones × [1, Dc]); the denoiser's
  // conditioning path then runs on M rows and broadcasts over the K candidates.
  const ones = t.unsqueeze([1]).mul(0).add(1); // [M, 1]
  const err = (nets: PolicyNets, prefix: string) =>
    sqErr(
      copyOf(g, nets, prefix, obs, noisy, t, (c) => ones.mul(c)),
      eps,
    ); // [K, M]
  g.output(IMPLICIT_IO.d, err(theta, THETA).sub(err(ref, REF))); // [K, M]
  return g;
}

/** The DPO training graph and the tensors the trainer needs. */
export interface DpoGraph {
  graph: Graph;
  loss: Tensor;
  /** Δ per pair [1, B]. */
  delta: Tensor;
  /** The ε_θ parameters (the only ones trained). */
  thetaParams: Tensor[];
}

/**
 * DPO training graph: obs_points [B, P, 3], obs_origin [B, 3], noisy_action [2, B, 6]
 * (row 0 winners, row 1 losers, noised with the same t and ε), eps [B, 6], t [B] → loss.
 */
export function buildDpoGraph(
  arch: PolicyArchitecture,
  nets: PolicyNets,
  cfg: Pick<ImplicitConfig, 'beta' | 'loss'>,
): DpoGraph {
  const g = new Graph();
  const obs = obsInputs(g, arch, 'B');
  const noisy = g.input(IMPLICIT_IO.noisy, [2, 'B', ACTION_DIM]);
  const eps = g.input(IMPLICIT_IO.eps, ['B', ACTION_DIM]);
  const t = g.input(IMPLICIT_IO.t, ['B']);
  const err = (prefix: string) =>
    sqErr(
      copyOf(g, nets, prefix, obs, noisy, t, (c) => c),
      eps,
    ); // [2, B]
  const d = err(THETA).sub(err(REF)); // [2, B]
  const delta = d.slice([0], [1], [0]).sub(d.slice([1], [2], [0])); // [1, B]
  const z = delta.mul(cfg.beta); // [1, B]
  const perPair = cfg.loss === 'log-sigmoid' ? z.softplus() : z.neg().sigmoid().neg(); // −log σ(−z) = softplus(z)
  g.output(IMPLICIT_IO.delta, delta);
  const thetaParams = g
    .params()
    .filter((p) => p.name.startsWith(THETA))
    .map((p) => g.paramByName(p.name));
  return { graph: g, loss: perPair.mean(), delta, thetaParams };
}
