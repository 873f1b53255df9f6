/** Layer normalisation over the last axis (Ba et al. 2016), from primitive ops. */
import type { Graph, Tensor } from '../graph/graph.ts';
import { fmtShape, GraphError } from '../graph/shape.ts';

export interface LayerNormConfig {
  /** Parameter name prefix: `${name}.gamma` (ones) and `${name}.beta` (zeros), shape [C]. */
  name: string;
  /** Added to the variance; default 1e-5. */
  eps?: number;
}

/** (x − mean) / √(var + eps) · gamma + beta over the last axis: [..., C] → [..., C]. */
export function layerNorm(g: Graph, x: Tensor, cfg: LayerNormConfig): Tensor {
  const c = x.shape[x.rank - 1];
  if (typeof c !== 'number')
    throw new GraphError(`layerNorm '${cfg.name}': input ${fmtShape(x.shape)} needs a static last dim`);
  const gamma = g.param(`${cfg.name}.gamma`, [c], new Float32Array(c).fill(1));
  const beta = g.param(`${cfg.name}.beta`, [c], new Float32Array(c));
  const xc = x.sub(x.mean([-1], true)); // [..., C]
  const inv = xc
    .square()
    .mean([-1], true)
    .add(cfg.eps ?? 1e-5)
    .sqrt(); // [..., 1]
  return xc.div(inv).mul(gamma).add(beta);
}
