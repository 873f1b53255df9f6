/**
 * Seeded weight initialisation. Kaiming (He et al. 2015) for ReLU-family layers, Xavier
 * (Glorot & Bengio 2010) for tanh/sigmoid/linear heads; both uniform.
 */
import type { Rng } from '../../core/rng.ts';

/** 'kaiming': U(±√(6/fanIn)); 'xavier': U(±√(6/(fanIn+fanOut))); 'zeros': all 0. */
export type InitKind = 'kaiming' | 'xavier' | 'zeros';

/** A fresh [fanIn, fanOut] weight (row-major, `fanIn` rows) drawn from `rng`. */
export function initWeight(kind: InitKind, fanIn: number, fanOut: number, rng: Rng): Float32Array {
  const w = new Float32Array(fanIn * fanOut);
  if (kind === 'zeros') return w;
  const bound = kind === 'kaiming' ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
  for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-bound, bound);
  return w;
}
