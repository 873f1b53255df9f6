/**
 * Conditioning layers for noise networks: sinusoidal time embedding (Vaswani et al. 2017,
 * as in DDPM) and FiLM (Perez et al. 2018). METHODS.md §2.
 */
import type { Rng } from '../../core/rng.ts';
import type { Graph, Tensor } from '../graph/graph.ts';
import { fmtShape, GraphError } from '../graph/shape.ts';
import { linear } from './linear.ts';

/**
 * [B] or [B, 1] timesteps → [B, dim] = [sin(t·f_0..f_{h−1}), cos(t·f_0..f_{h−1})] with
 * f_i = maxPeriod^(−i/h), h = dim/2.
 * @param dim even embedding width
 * @param maxPeriod longest period; default 10000
 */
export function timeEmbedding(g: Graph, t: Tensor, dim: number, maxPeriod = 10000): Tensor {
  if (dim % 2 !== 0 || dim <= 0) throw new GraphError(`timeEmbedding: dim must be even and positive, got ${dim}`);
  const t2 = t.rank === 1 ? t.unsqueeze([1]) : t; // [B, 1]
  if (t2.rank !== 2 || t2.shape[1] !== 1)
    throw new GraphError(`timeEmbedding: expected t as [B] or [B,1], got ${fmtShape(t.shape)}`);
  const h = dim / 2;
  const f = new Float32Array(h).map((_, i) => Math.exp((-Math.log(maxPeriod) * i) / h));
  const args = t2.mul(g.constant(f, [1, h])); // [B, h]
  return g.concat([args.sin(), args.cos()], 1); // [B, dim]
}

export interface FilmConfig {
  /** Parameter name prefix: `${name}.w` [D, 2C], `${name}.b` [2C]. */
  name: string;
  /** Start as the identity (zero weights); default true. */
  zeroInit?: boolean;
}

/**
 * FiLM: h ⊙ (1 + γ) + β with [γ, β] = Linear(cond). h is [B, C] or [B, ..., C]; cond is [B, D].
 */
export function film(g: Graph, h: Tensor, cond: Tensor, cfg: FilmConfig, rng: Rng): Tensor {
  const c = h.shape[h.rank - 1];
  if (typeof c !== 'number' || cond.rank !== 2) {
    throw new GraphError(
      `film '${cfg.name}': need h [B,...,C] with static C and cond [B,D]; got ${fmtShape(h.shape)} and ` +
        `${fmtShape(cond.shape)}`,
    );
  }
  // [B, 2C]
  const gb = linear(g, cond, { name: cfg.name, out: 2 * c, init: cfg.zeroInit === false ? 'xavier' : 'zeros' }, rng);
  // The last axis, so a graph replayed on a cond with more leading axes still splits γ from β.
  let gamma = gb.slice([0], [c], [-1]); // [B, C]
  let beta = gb.slice([c], [2 * c], [-1]); // [B, C]
  if (h.rank > 2) {
    const mid = Array.from({ length: h.rank - 2 }, (_, i) => i + 1);
    gamma = gamma.unsqueeze(mid); // [B, 1.., C]
    beta = beta.unsqueeze(mid);
  }
  return h.mul(gamma.add(1)).add(beta);
}
