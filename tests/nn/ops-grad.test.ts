import { describe, expect, test } from 'vitest';
import { OP_NAMES, tensor, type OpName } from '../../nn/index.ts';
import { gradCheck, spaced, type GradCase } from './gradcheck.ts';

const pos = (lo: number, hi: number) => (rng: { uniform(a: number, b: number): number }) => rng.uniform(lo, hi);
const awayFromZero = (rng: { uniform(a: number, b: number): number; next(): number }) =>
  (rng.next() < 0.5 ? -1 : 1) * rng.uniform(0.1, 1);

/** [case name, op it covers, case]. Several cases per op cover broadcasting and attributes. */
const CASES: [string, OpName, GradCase][] = [
  [
    'MatMul 2-D',
    'MatMul',
    {
      build: (g, p) => {
        const a = p([3, 4]),
          b = p([4, 2]);
        return { out: a.matmul(b), wrt: [a, b] };
      },
    },
  ],
  [
    'MatMul [2,3,4]x[4,5] shared weight',
    'MatMul',
    {
      build: (g, p) => {
        const a = p([2, 3, 4]),
          b = p([4, 5]);
        return { out: a.matmul(b), wrt: [a, b] };
      },
    },
  ],
  [
    'MatMul batched [2,3,4]x[2,4,2]',
    'MatMul',
    {
      build: (g, p) => {
        const a = p([2, 3, 4]),
          b = p([2, 4, 2]);
        return { out: a.matmul(b), wrt: [a, b] };
      },
    },
  ],
  [
    'MatMul batch broadcast [2,1,3,4]x[3,4,2]',
    'MatMul',
    {
      build: (g, p) => {
        const a = p([2, 1, 3, 4]),
          b = p([3, 4, 2]);
        return { out: a.matmul(b), wrt: [a, b] };
      },
    },
  ],
  [
    'Gemm + C[2]',
    'Gemm',
    {
      build: (g, p) => {
        const a = p([3, 4]),
          b = p([4, 2]),
          c = p([2]);
        return { out: g.gemm(a, b, c), wrt: [a, b, c] };
      },
    },
  ],
  [
    'Gemm transA transB alpha beta C[3,1]',
    'Gemm',
    {
      build: (g, p) => {
        const a = p([4, 3]),
          b = p([2, 4]),
          c = p([3, 1]);
        return { out: g.gemm(a, b, c, { transA: true, transB: true, alpha: 0.7, beta: -1.3 }), wrt: [a, b, c] };
      },
    },
  ],
  [
    'Gemm transA only',
    'Gemm',
    {
      build: (g, p) => {
        const a = p([4, 3]),
          b = p([4, 2]);
        return { out: g.gemm(a, b, undefined, { transA: true }), wrt: [a, b] };
      },
    },
  ],
  [
    'Add same shape',
    'Add',
    {
      build: (g, p) => {
        const a = p([3, 4]),
          b = p([3, 4]);
        return { out: a.add(b), wrt: [a, b] };
      },
    },
  ],
  [
    'Add [3,1]+[1,4]',
    'Add',
    {
      build: (g, p) => {
        const a = p([3, 1]),
          b = p([1, 4]);
        return { out: a.add(b), wrt: [a, b] };
      },
    },
  ],
  [
    'Add [2,3,4]+[4]',
    'Add',
    {
      build: (g, p) => {
        const a = p([2, 3, 4]),
          b = p([4]);
        return { out: a.add(b), wrt: [a, b] };
      },
    },
  ],
  [
    'Sub [3,4]-[3,1]',
    'Sub',
    {
      build: (g, p) => {
        const a = p([3, 4]),
          b = p([3, 1]);
        return { out: a.sub(b), wrt: [a, b] };
      },
    },
  ],
  [
    'Mul [2,3,4]*[3,1]',
    'Mul',
    {
      build: (g, p) => {
        const a = p([2, 3, 4]),
          b = p([3, 1]);
        return { out: a.mul(b), wrt: [a, b] };
      },
    },
  ],
  [
    'Mul x*x (same operand twice)',
    'Mul',
    {
      build: (g, p) => {
        const a = p([5]);
        return { out: a.mul(a), wrt: [a] };
      },
    },
  ],
  [
    'Div [3,4]/[4]',
    'Div',
    {
      build: (g, p) => {
        const a = p([3, 4]),
          b = p([4], pos(0.5, 2));
        return { out: a.div(b), wrt: [a, b] };
      },
    },
  ],
  [
    'Pow [3,4]^[4]',
    'Pow',
    {
      build: (g, p) => {
        const a = p([3, 4], pos(0.5, 2)),
          b = p([4], pos(-1.5, 2.5));
        return { out: a.pow(b), wrt: [a, b] };
      },
    },
  ],
  [
    'Pow x^3 constant exponent',
    'Pow',
    {
      build: (g, p) => {
        const a = p([6]);
        return { out: a.pow(3), wrt: [a] };
      },
    },
  ],
  [
    'Neg',
    'Neg',
    {
      build: (g, p) => {
        const a = p([3, 4]);
        return { out: a.neg(), wrt: [a] };
      },
    },
  ],
  [
    'Sqrt',
    'Sqrt',
    {
      build: (g, p) => {
        const a = p([3, 4], pos(0.3, 2));
        return { out: a.sqrt(), wrt: [a] };
      },
    },
  ],
  [
    'Relu',
    'Relu',
    {
      build: (g, p) => {
        const a = p([3, 4], awayFromZero);
        return { out: a.relu(), wrt: [a] };
      },
    },
  ],
  [
    'Sigmoid',
    'Sigmoid',
    {
      build: (g, p) => {
        const a = p([3, 4], pos(-3, 3));
        return { out: a.sigmoid(), wrt: [a] };
      },
    },
  ],
  [
    'Tanh',
    'Tanh',
    {
      build: (g, p) => {
        const a = p([3, 4], pos(-2, 2));
        return { out: a.tanh(), wrt: [a] };
      },
    },
  ],
  [
    'Softplus',
    'Softplus',
    {
      build: (g, p) => {
        const a = p([3, 4], pos(-3, 3));
        return { out: a.softplus(), wrt: [a] };
      },
    },
  ],
  [
    'Exp',
    'Exp',
    {
      build: (g, p) => {
        const a = p([3, 4]);
        return { out: a.exp(), wrt: [a] };
      },
    },
  ],
  [
    'Log',
    'Log',
    {
      build: (g, p) => {
        const a = p([3, 4], pos(0.3, 3));
        return { out: a.log(), wrt: [a] };
      },
    },
  ],
  [
    'Sin',
    'Sin',
    {
      build: (g, p) => {
        const a = p([3, 4], pos(-3, 3));
        return { out: a.sin(), wrt: [a] };
      },
    },
  ],
  [
    'Cos',
    'Cos',
    {
      build: (g, p) => {
        const a = p([3, 4], pos(-3, 3));
        return { out: a.cos(), wrt: [a] };
      },
    },
  ],
  [
    'ReduceSum axis 1',
    'ReduceSum',
    {
      build: (g, p) => {
        const a = p([2, 3, 4]);
        return { out: a.sum([1]), wrt: [a] };
      },
    },
  ],
  [
    'ReduceSum axes [0,2] keepdims',
    'ReduceSum',
    {
      build: (g, p) => {
        const a = p([2, 3, 4]);
        return { out: a.sum([0, 2], true), wrt: [a] };
      },
    },
  ],
  [
    'ReduceMean axis -1',
    'ReduceMean',
    {
      build: (g, p) => {
        const a = p([2, 3, 4]);
        return { out: a.mean([-1]), wrt: [a] };
      },
    },
  ],
  [
    'ReduceMean axes [0,1] keepdims',
    'ReduceMean',
    {
      build: (g, p) => {
        const a = p([2, 3, 4]);
        return { out: a.mean([0, 1], true), wrt: [a] };
      },
    },
  ],
  [
    'ReduceMax axis 1',
    'ReduceMax',
    {
      build: (g, p) => {
        const a = p([2, 5, 3], (r, i) => spaced(30, r)[i]);
        return { out: a.max([1]), wrt: [a] };
      },
    },
  ],
  [
    'ReduceMax axes [0,2] keepdims',
    'ReduceMax',
    {
      build: (g, p) => {
        const v = spaced(24, { uniform: () => 0, int: () => 0 } as never);
        const a = p([2, 3, 4], (r, i) => v[(i * 7) % 24]);
        return { out: a.max([0, 2], true), wrt: [a] };
      },
    },
  ],
  [
    'Concat axis 1 of three',
    'Concat',
    {
      build: (g, p) => {
        const a = p([2, 1]),
          b = p([2, 3]),
          c = p([2, 2]);
        return { out: g.concat([a, b, c], 1).mul(g.concat([c, b, a], 1)), wrt: [a, b, c] };
      },
    },
  ],
  [
    'Concat axis 0',
    'Concat',
    {
      build: (g, p) => {
        const a = p([1, 3]),
          b = p([2, 3]);
        return { out: g.concat([a, b], 0), wrt: [a, b] };
      },
    },
  ],
  [
    'Slice axis 1 [1:4]',
    'Slice',
    {
      build: (g, p) => {
        const a = p([3, 6]);
        return { out: a.slice([1], [4], [1]), wrt: [a] };
      },
    },
  ],
  [
    'Slice two axes, negative start',
    'Slice',
    {
      build: (g, p) => {
        const a = p([4, 5]);
        return { out: a.slice([-3, 0], [100, 2], [0, 1]), wrt: [a] };
      },
    },
  ],
  [
    'Reshape [2,3,4]->[6,4]',
    'Reshape',
    {
      build: (g, p) => {
        const a = p([2, 3, 4]);
        return { out: a.reshape([6, 4]).mul(a.reshape([-1, 4])), wrt: [a] };
      },
    },
  ],
  [
    'Reshape [4,6]->[0,2,-1]',
    'Reshape',
    {
      build: (g, p) => {
        const a = p([4, 6]);
        return { out: a.reshape([0, 2, -1]), wrt: [a] };
      },
    },
  ],
  [
    'Transpose [2,0,1]',
    'Transpose',
    {
      build: (g, p) => {
        const a = p([2, 3, 4]);
        return { out: a.transpose([2, 0, 1]), wrt: [a] };
      },
    },
  ],
  [
    'Unsqueeze [1]',
    'Unsqueeze',
    {
      build: (g, p) => {
        const a = p([3, 4]),
          b = p([3, 2, 4]);
        return { out: a.unsqueeze([1]).mul(b), wrt: [a, b] };
      },
    },
  ],
  [
    'Squeeze [1]',
    'Squeeze',
    {
      build: (g, p) => {
        const a = p([3, 1, 4]);
        return { out: a.squeeze([1]), wrt: [a] };
      },
    },
  ],
  [
    'Expand [3,1]->[3,4]',
    'Expand',
    {
      build: (g, p) => {
        const a = p([3, 1]);
        return { out: a.expand([3, 4]), wrt: [a] };
      },
    },
  ],
  [
    'Expand [4]->[2,3,4]',
    'Expand',
    {
      build: (g, p) => {
        const a = p([4]);
        return { out: a.expand([2, 3, 4]), wrt: [a] };
      },
    },
  ],
  [
    'Gather axis 0, repeated indices',
    'Gather',
    {
      build: (g, p) => {
        const a = p([4, 3]);
        return { out: a.gather(g.constant(BigInt64Array.from([2n, 0n, 2n, 3n, 2n]), [5]), 0), wrt: [a] };
      },
    },
  ],
  [
    'Gather axis 1, 2-D indices',
    'Gather',
    {
      build: (g, p) => {
        const a = p([2, 4, 3]);
        return { out: a.gather(g.constant(BigInt64Array.from([1n, 3n, 1n, 0n]), [2, 2]), 1), wrt: [a] };
      },
    },
  ],
  [
    'Where cond[3,4] a[3,4] b[4]',
    'Where',
    {
      build: (g, p) => {
        const a = p([3, 4]),
          b = p([4]);
        const c = g.constant(Uint8Array.from([1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]), [3, 4]);
        return { out: g.where(c, a, b), wrt: [a, b] };
      },
    },
  ],
  [
    'Softmax axis -1',
    'Softmax',
    {
      build: (g, p) => {
        const a = p([3, 4], pos(-2, 2));
        return { out: a.softmax(-1), wrt: [a] };
      },
    },
  ],
  [
    'Softmax axis 0',
    'Softmax',
    {
      build: (g, p) => {
        const a = p([3, 4], pos(-2, 2));
        return { out: a.softmax(0), wrt: [a] };
      },
    },
  ],
  [
    'LogSoftmax axis -1',
    'LogSoftmax',
    {
      build: (g, p) => {
        const a = p([3, 4], pos(-2, 2));
        return { out: a.logSoftmax(-1), wrt: [a] };
      },
    },
  ],
  [
    'LogSoftmax axis 1 of 3-D',
    'LogSoftmax',
    {
      build: (g, p) => {
        const a = p([2, 3, 2], pos(-2, 2));
        return { out: a.logSoftmax(1), wrt: [a] };
      },
    },
  ],
  [
    'Greater as elementwise max',
    'Greater',
    {
      build: (g, p) => {
        const v = spaced(12, { uniform: () => 0, int: () => 0 } as never);
        const a = p([12], (r, i) => v[i]),
          b = p([12], (r, i) => v[(i + 5) % 12]);
        return { out: g.where(a.gt(b), a, b), wrt: [a, b] };
      },
    },
  ],
  [
    'Less as elementwise min',
    'Less',
    {
      build: (g, p) => {
        const v = spaced(12, { uniform: () => 0, int: () => 0 } as never);
        const a = p([12], (r, i) => v[i]),
          b = p([12], (r, i) => v[(i + 7) % 12]);
        return { out: g.where(a.lt(b), a, b), wrt: [a, b] };
      },
    },
  ],
  [
    'Equal mask',
    'Equal',
    {
      build: (g, p) => {
        const a = p([6]),
          b = p([6]);
        const m = g.constant(Float32Array.from([1, 2, 3, 1, 2, 3]), [6]).eq(g.constant(2));
        return { out: g.where(m, a, b.mul(a)), wrt: [a, b] };
      },
    },
  ],
];

/** The same rules where an operand has the symbolic batch dim B (fed with B = 3): dynamic Shape/Size paths. */
const xB = { x: tensor(Float32Array.from([0.3, -1.2, 0.8, 1.5, 0.1, -0.6, -0.9, 0.45, 1.1]), [3, 3]) };
const SYMBOLIC: [string, GradCase][] = [
  [
    'Add broadcast [B,3]+[3]',
    {
      feeds: xB,
      build: (g, p) => {
        const w = p([3]);
        return { out: g.input('x', ['B', 3]).add(w).square().sum([0]), wrt: [w] };
      },
    },
  ],
  [
    'ReduceMean over B',
    {
      feeds: xB,
      build: (g, p) => {
        const w = p([3]);
        return { out: g.input('x', ['B', 3]).mul(w).mean([0]), wrt: [w] };
      },
    },
  ],
  [
    'ReduceMean over all (B and 3)',
    {
      feeds: xB,
      build: (g, p) => {
        const w = p([3]);
        return { out: g.input('x', ['B', 3]).mul(w).exp().mean(), wrt: [w] };
      },
    },
  ],
  [
    'ReduceMax over B',
    {
      feeds: xB,
      build: (g, p) => {
        const w = p([3]);
        return { out: g.input('x', ['B', 3]).add(w).max([0]), wrt: [w] };
      },
    },
  ],
  [
    'Concat along B',
    {
      feeds: xB,
      build: (g, p) => {
        const w = p([3]),
          v = p([1, 3]);
        const x = g.input('x', ['B', 3]);
        return {
          out: g
            .concat([x.mul(w), v, x.add(w).square()], 0)
            .sin()
            .sum([0]),
          wrt: [w, v],
        };
      },
    },
  ],
  [
    'Reshape [B,3] -> [-1]',
    {
      feeds: xB,
      build: (g, p) => {
        const w = p([3]);
        const y = g.input('x', ['B', 3]).mul(w).reshape([-1]);
        return { out: y.mul(y).sum([0], true), wrt: [w] };
      },
    },
  ],
  [
    'MatMul [B,3]x[3,2] then Softmax',
    {
      feeds: xB,
      build: (g, p) => {
        const w = p([3, 2]);
        return { out: g.input('x', ['B', 3]).matmul(w).softmax(-1).log().sum([0]), wrt: [w] };
      },
    },
  ],
  [
    'Gather rows of [B,3]',
    {
      feeds: xB,
      build: (g, p) => {
        const w = p([3]);
        const y = g
          .input('x', ['B', 3])
          .mul(w)
          .gather(g.constant(BigInt64Array.from([2n, 0n, 2n]), [3]), 0);
        return { out: y, wrt: [w] };
      },
    },
  ],
];

describe('gradient of every op vs central finite differences', () => {
  test('every op has at least one case', () => {
    const covered = new Set(CASES.map(([, op]) => op));
    expect(OP_NAMES.filter((op) => !covered.has(op))).toEqual([]);
  });

  test.each(CASES)('%s', async (_name, _op, c) => {
    const r = await gradCheck(c);
    expect(r.checked).toBeGreaterThan(0);
    expect(r.maxGrad, 'the check is not vacuous').toBeGreaterThan(1e-2);
    expect(r.worst, r.detail).toBeLessThanOrEqual(1);
  });

  test.each(SYMBOLIC)('symbolic batch: %s', async (_name, c) => {
    const r = await gradCheck(c);
    expect(r.maxGrad).toBeGreaterThan(1e-2);
    expect(r.worst, r.detail).toBeLessThanOrEqual(1);
  });
});
