/**
 * PointNet encoder (Qi et al. 2017): a per-point MLP shared across points, then a max-pool over
 * the points, so the code is invariant to point order. METHODS.md §2.
 */
import type { Rng } from '../../core/rng.ts';
import type { Graph, Tensor } from '../graph/graph.ts';
import { fmtShape, GraphError } from '../graph/shape.ts';
import { activate, type Activation } from './activation.ts';
import { linear } from './linear.ts';

export interface PointNetConfig {
  /** Parameter name prefix. */
  name: string;
  /** Widths of the shared per-point layers, each followed by `activation`; e.g. [64, 128, 256]. */
  sizes: number[];
  /** Optional linear projection of the pooled code to this width. */
  out?: number;
  /** Default 'relu'. */
  activation?: Activation;
}

/** [B, N, 3] points → [B, sizes.at(-1)] (or [B, out]). B and N may be symbolic. */
export function pointNetEncoder(g: Graph, points: Tensor, cfg: PointNetConfig, rng: Rng): Tensor {
  if (points.rank !== 3)
    throw new GraphError(`pointNetEncoder '${cfg.name}': expected [B, N, C] points, got ${fmtShape(points.shape)}`);
  let h = points;
  cfg.sizes.forEach((out, i) => {
    h = activate(linear(g, h, { name: `${cfg.name}.point.${i}`, out }, rng), cfg.activation ?? 'relu'); // [B, N, C_i]
  });
  const pooled = h.max([1]); // [B, C]
  return cfg.out ? linear(g, pooled, { name: `${cfg.name}.proj`, out: cfg.out, init: 'xavier' }, rng) : pooled;
}
