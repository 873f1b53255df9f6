/** Linear and MLP layers over the last axis, for inputs of any rank ([B, C], [B, N, C], ...). */
import type { Rng } from '../../core/rng.ts';
import type { Graph, Tensor } from '../graph/graph.ts';
import { fmtShape, GraphError } from '../graph/shape.ts';
import { activate, type Activation } from './activation.ts';
import { initWeight, type InitKind } from './init.ts';

export interface LinearConfig {
  /** Parameter name prefix: creates `${name}.w` [in, out] and `${name}.b` [out]. */
  name: string;
  /** Output features. */
  out: number;
  /** Weight init; default 'kaiming'. Bias starts at 0. */
  init?: InitKind;
  /** Add a bias; default true. */
  bias?: boolean;
}

/** y = x·W + b: [..., in] → [..., out]. The input's last dim must be static. */
export function linear(g: Graph, x: Tensor, cfg: LinearConfig, rng: Rng): Tensor {
  const inDim = x.shape[x.rank - 1];
  if (typeof inDim !== 'number')
    throw new GraphError(`linear '${cfg.name}': input ${fmtShape(x.shape)} needs a static last dim`);
  const w = g.param(`${cfg.name}.w`, [inDim, cfg.out], initWeight(cfg.init ?? 'kaiming', inDim, cfg.out, rng));
  const y = x.matmul(w);
  return cfg.bias === false ? y : y.add(g.param(`${cfg.name}.b`, [cfg.out], new Float32Array(cfg.out)));
}

export interface MlpConfig {
  /** Parameter name prefix: layers are `${name}.0`, `${name}.1`, ... */
  name: string;
  /** Output width of each layer, e.g. [256, 256, 1] for a 64-256-256-1 MLP on [B, 64] input. */
  sizes: number[];
  /** Hidden activation; default 'relu'. */
  activation?: Activation;
  /** Activation after the last layer; default 'none'. */
  outActivation?: Activation;
  /** Weight init; default 'kaiming' for relu-family, 'xavier' otherwise. */
  init?: InitKind;
}

/** A stack of linear layers with `activation` between them: [..., in] → [..., sizes.at(-1)]. */
export function mlp(g: Graph, x: Tensor, cfg: MlpConfig, rng: Rng): Tensor {
  if (cfg.sizes.length === 0) throw new GraphError(`mlp '${cfg.name}': sizes must not be empty`);
  const act = cfg.activation ?? 'relu';
  const init = cfg.init ?? (act === 'tanh' || act === 'sigmoid' ? 'xavier' : 'kaiming');
  let h = x;
  cfg.sizes.forEach((out, i) => {
    h = linear(g, h, { name: `${cfg.name}.${i}`, out, init }, rng);
    h = activate(h, i === cfg.sizes.length - 1 ? (cfg.outActivation ?? 'none') : act);
  });
  return h;
}
