import { describe, expect, expectTypeOf, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';
import { RULES } from '../../nn/autodiff/rules.ts';
import { INFER } from '../../nn/graph/infer.ts';
import {
  Graph,
  GraphError,
  makeTrainer,
  mlp,
  OP_NAMES,
  type OpAttrs,
  type OpName,
  type Tensor,
} from '../../nn/index.ts';
import { LOWER } from '../../nn/onnx/lower.ts';

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(GraphError);
    return (err as Error).message;
  }
  throw new Error('expected a GraphError');
}

describe('shapes are checked when the graph is built', () => {
  test('shape inference with symbolic dims', () => {
    const g = new Graph();
    const x = g.input('x', ['B', 'N', 3]);
    expect(x.matmul(g.param('w', [3, 8], new Float32Array(24))).shape).toEqual(['B', 'N', 8]);
    expect(x.max([1]).shape).toEqual(['B', 3]);
    expect(x.reshape([-1, 3]).shape).toEqual(['B*N', 3]);
    expect(x.reshape([0, -1]).shape).toEqual(['B', 'N*3']);
    expect(x.sum([2], true).shape).toEqual(['B', 'N', 1]);
    expect(x.transpose([0, 2, 1]).shape).toEqual(['B', 3, 'N']);
    expect(x.unsqueeze([1]).shape).toEqual(['B', 1, 'N', 3]);
    expect(g.concat([x, x], 2).shape).toEqual(['B', 'N', 6]);
    expect(x.slice([1], [3], [2]).shape).toEqual(['B', 'N', 2]);
    expect(x.gather(g.constant(BigInt64Array.from([0n, 2n]), [2]), 2).shape).toEqual(['B', 'N', 2]);
    expect(x.add(g.input('c', [1, 1, 3])).shape).toEqual(['B', 'N', 3]);
  });

  test('errors name the op, the operands and the problem', () => {
    const g = new Graph();
    const x = g.input('x', ['B', 3]);
    const w = g.param('w', [4, 8], new Float32Array(32));
    expect(errorOf(() => x.matmul(w))).toMatchInlineSnapshot(`"MatMul x[B,3] x w[4,8]: inner dims 3 and 4 differ"`);
    expect(errorOf(() => x.add(g.input('y', ['B', 4])))).toMatchInlineSnapshot(
      `"Add x[B,3] x y[B,4]: shapes [B,3] and [B,4] do not broadcast (axis -1: 3 vs 4)"`,
    );
    expect(errorOf(() => x.add(g.input('z', ['K', 3])))).toMatchInlineSnapshot(
      `"Add x[B,3] x z[K,3]: shapes [B,3] and [K,3] do not broadcast (axis -2: B vs K)"`,
    );
    expect(errorOf(() => x.reshape([3, 2]))).toMatchInlineSnapshot(
      `"Reshape x[B,3]: symbolic dims [B] must be copied with 0 or absorbed by -1"`,
    );
    expect(errorOf(() => x.squeeze([1]))).toMatchInlineSnapshot(`"Squeeze x[B,3]: axis 1 has size 3, not 1"`);
    expect(errorOf(() => x.sum([2]))).toMatchInlineSnapshot(`"ReduceSum x[B,3]: axis 2 is out of range for rank 2"`);
    expect(errorOf(() => x.slice([0], [1], [0]))).toMatchInlineSnapshot(
      `"Slice x[B,3]: axis 0 has symbolic size B; slice static axes only"`,
    );
    expect(errorOf(() => x.transpose([0, 0]))).toMatchInlineSnapshot(
      `"Transpose x[B,3]: perm [0,0] is not a permutation of rank 2"`,
    );
    expect(errorOf(() => x.gather(x))).toMatchInlineSnapshot(
      `"Gather x[B,3] x x[B,3]: indices must be int64, got float32"`,
    );
    expect(errorOf(() => g.input('x', [1]))).toMatchInlineSnapshot(`"name 'x' is already used in this graph"`);
    expect(errorOf(() => g.param('v', [2, 2], new Float32Array(3)))).toMatchInlineSnapshot(
      `"param 'v': [2,2] needs 4 values, got 3"`,
    );
    expect(errorOf(() => g.input('_x', [1]))).toMatch(/must match/);
  });

  test('a non-scalar loss is refused before any session is made', async () => {
    const g = new Graph();
    const y = mlp(g, g.input('x', ['B', 2]), { name: 'm', sizes: [1] }, makeRng(1));
    await expect(makeTrainer(g, { loss: y })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[GraphError: loss '_add_4' must be a float32 scalar, got float32[B,1]]`,
    );
  });

  test('the graph is plain data: node list with ops, operand ids and attributes', () => {
    const g = new Graph();
    const x = g.input('x', [2, 3]);
    x.sum([1]).relu();
    expect(g.nodes.map((n) => ({ op: n.op, inputs: n.inputs, attrs: n.attrs }))).toEqual([
      { op: 'ReduceSum', inputs: [0], attrs: { axes: [1], keepdims: false } },
      { op: 'Relu', inputs: [1], attrs: {} },
    ]);
    expect(JSON.parse(JSON.stringify(g.nodes))).toEqual(g.nodes);
  });

  test('gradient, shape and lowering tables cover exactly the op set', () => {
    expectTypeOf<keyof typeof RULES>().toEqualTypeOf<OpName>();
    expectTypeOf<keyof typeof INFER>().toEqualTypeOf<OpName>();
    expectTypeOf<keyof typeof LOWER>().toEqualTypeOf<OpName>();
    for (const table of [RULES, INFER, LOWER]) expect(Object.keys(table).sort()).toEqual([...OP_NAMES].sort());
  });

  test('types: op attributes are typed per op; tensor methods return tensors', () => {
    expectTypeOf<OpAttrs['ReduceSum']>().toEqualTypeOf<{ axes: number[]; keepdims: boolean }>();
    expectTypeOf<OpName>().toExtend<string>();
    expectTypeOf<Tensor['relu']>().returns.toEqualTypeOf<Tensor>();
  });
});
