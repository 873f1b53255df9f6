import { describe, expect, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';
import {
  activate,
  film,
  layerNorm,
  linear,
  mlp,
  pointNetEncoder,
  timeEmbedding,
  type Activation,
} from '../../nn/index.ts';
import { gradCheck, spaced, type GradCase } from './gradcheck.ts';

/** Layers are compositions of checked ops; these checks cover the compositions end to end. */
const CASES: [string, GradCase][] = [
  [
    'linear on [2,3,4]',
    {
      build: (g, p) => {
        const x = p([2, 3, 4]);
        const y = linear(g, x, { name: 'l', out: 3, init: 'xavier' }, makeRng(2));
        return {
          out: y,
          wrt: [
            x,
            ...g
              .params()
              .filter((q) => q.name.startsWith('l.'))
              .map((q) => g.paramByName(q.name)),
          ],
        };
      },
    },
  ],
  ...(['relu', 'silu', 'gelu', 'tanh'] as Activation[]).map((act): [string, GradCase] => [
    `mlp ${act} 4-5-3`,
    {
      build: (g, p) => {
        const x = p([3, 4], (r) => r.uniform(-1, 1));
        const y = mlp(g, x, { name: 'm', sizes: [5, 3], activation: act }, makeRng(3));
        return { out: y, wrt: g.params().map((q) => g.paramByName(q.name)) };
      },
    },
  ]),
  [
    'activation gelu alone',
    {
      build: (g, p) => {
        const x = p([8], (r) => r.uniform(-3, 3));
        return { out: activate(x, 'gelu'), wrt: [x] };
      },
    },
  ],
  [
    'layerNorm [3,5] with affine',
    {
      build: (g, p) => {
        const x = p([3, 5], (r) => r.uniform(-2, 2));
        const y = layerNorm(g, x, { name: 'ln' });
        const gamma = g.paramByName('ln.gamma'),
          beta = g.paramByName('ln.beta');
        (g.paramData.get(gamma.id) as Float32Array).set([0.5, 1.5, -1, 2, 0.7]);
        (g.paramData.get(beta.id) as Float32Array).set([0.1, -0.2, 0.3, 0, 0.5]);
        return { out: y, wrt: [x, gamma, beta] };
      },
    },
  ],
  // Smooth activations here: max-pooling relu units makes ties at 0 (dead units), a true kink
  // that central differences straddle. Relu itself is checked in the op and MLP cases.
  ...(['tanh', 'silu'] as Activation[]).map((act): [string, GradCase] => [
    `pointNetEncoder ${act} [2,6,3] → 3`,
    {
      build: (g, p) => {
        const v = spaced(36, makeRng(9));
        const x = p([2, 6, 3], (_r, i) => v[i]);
        const y = pointNetEncoder(g, x, { name: 'pn', sizes: [5, 4], out: 3, activation: act }, makeRng(4));
        return {
          out: y,
          wrt: [
            x,
            ...g
              .params()
              .filter((q) => q.name.startsWith('pn.'))
              .map((q) => g.paramByName(q.name)),
          ],
        };
      },
    },
  ]),
  [
    'timeEmbedding of t[4] → 6',
    {
      build: (g, p) => {
        const t = p([4], (r) => r.uniform(0, 3));
        return { out: timeEmbedding(g, t, 6, 100), wrt: [t] };
      },
    },
  ],
  [
    'film on h[2,3] with cond[2,4]',
    {
      build: (g, p) => {
        const h = p([2, 3]),
          c = p([2, 4]);
        const y = film(g, h, c, { name: 'f', zeroInit: false }, makeRng(5));
        return { out: y, wrt: [h, c, g.paramByName('f.w'), g.paramByName('f.b')] };
      },
    },
  ],
  [
    'film on h[2,3,3] (per-point) with cond[2,4]',
    {
      build: (g, p) => {
        const h = p([2, 3, 3]),
          c = p([2, 4]);
        const y = film(g, h, c, { name: 'f', zeroInit: false }, makeRng(6));
        return { out: y, wrt: [h, c, g.paramByName('f.w'), g.paramByName('f.b')] };
      },
    },
  ],
];

describe('gradient of every layer vs central finite differences', () => {
  test.each(CASES)('%s', async (_name, c) => {
    const r = await gradCheck(c);
    expect(r.maxGrad).toBeGreaterThan(1e-2);
    expect(r.worst, r.detail).toBeLessThanOrEqual(1);
  });
});

describe('layer construction', () => {
  test('seeded init is reproducible and Kaiming-scaled', async () => {
    const { Graph } = await import('../../nn/index.ts');
    const build = (seed: number) => {
      const g = new Graph();
      mlp(g, g.input('x', ['B', 64]), { name: 'm', sizes: [256, 1] }, makeRng(seed));
      return g.params()[0].data;
    };
    const a = build(1),
      b = build(1),
      c = build(2);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const bound = Math.sqrt(6 / 64);
    expect(Math.max(...a)).toBeLessThanOrEqual(bound);
    expect(Math.max(...a)).toBeGreaterThan(0.9 * bound);
  });

  test('symbolic batch and point dims flow through the PointNet encoder', async () => {
    const { Graph } = await import('../../nn/index.ts');
    const g = new Graph();
    const y = pointNetEncoder(g, g.input('pts', ['B', 'N', 3]), { name: 'pn', sizes: [8, 16], out: 4 }, makeRng(1));
    expect(y.shape).toEqual(['B', 4]);
  });
});
