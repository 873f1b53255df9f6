/** Activations composed from primitive ops (no gradient rules of their own). */
import type { Tensor } from '../graph/graph.ts';

/** Activation names accepted by layers. */
export type Activation = 'relu' | 'silu' | 'gelu' | 'tanh' | 'sigmoid' | 'none';

const GELU_C = Math.sqrt(2 / Math.PI);

/** Applies `kind` elementwise. 'gelu' is the tanh approximation (Hendrycks & Gimpel 2016). */
export function activate(x: Tensor, kind: Activation): Tensor {
  switch (kind) {
    case 'relu':
      return x.relu();
    case 'silu':
      return x.mul(x.sigmoid());
    case 'gelu': {
      const inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(GELU_C);
      return x.mul(inner.tanh().add(1)).mul(0.5);
    }
    case 'tanh':
      return x.tanh();
    case 'sigmoid':
      return x.sigmoid();
    case 'none':
      return x;
  }
}
