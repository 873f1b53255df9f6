/**
 * Build-time shape and dtype rules, one per op. Errors name the op, the operand shapes and
 * what does not fit, e.g. `MatMul [B,3] x [4,8]: inner dims 3 and 4 differ`.
 */
import type { AxisAttrs, NoAttrs, OpAttrs, OpName, ReduceAttrs } from './ops.ts';
import {
  broadcastShapes,
  dimProduct,
  fmtShape,
  GraphError,
  normAxes,
  normAxis,
  type Dim,
  type DType,
  type Shape,
} from './shape.ts';

/** Shape and element type of a value. */
export interface TypeInfo {
  shape: Shape;
  dtype: DType;
}

type RuleOf<A> = (what: string, xs: TypeInfo[], attrs: A) => TypeInfo;
type Rule<K extends OpName> = RuleOf<OpAttrs[K]>;

function floats(what: string, xs: TypeInfo[]): void {
  xs.forEach((x, i) => {
    if (x.dtype !== 'float32') throw new GraphError(`${what}: operand ${i} must be float32, got ${x.dtype}`);
  });
}
const unary: RuleOf<NoAttrs> = (what, xs) => (floats(what, xs), { shape: xs[0].shape, dtype: 'float32' });
const binary: RuleOf<NoAttrs> = (what, xs) => {
  floats(what, xs);
  return { shape: broadcastShapes(what, [xs[0].shape, xs[1].shape]), dtype: 'float32' };
};
const compare: RuleOf<NoAttrs> = (what, xs) => {
  floats(what, xs);
  return { shape: broadcastShapes(what, [xs[0].shape, xs[1].shape]), dtype: 'bool' };
};
const reduce: RuleOf<ReduceAttrs> = (what, [x], { axes, keepdims }) => {
  floats(what, [x]);
  const ax = normAxes(what, axes, x.shape.length);
  if (ax.length === 0) throw new GraphError(`${what}: needs at least one axis`);
  const shape = keepdims ? x.shape.map((d, i) => (ax.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !ax.includes(i));
  return { shape, dtype: 'float32' };
};
const softmax: RuleOf<AxisAttrs> = (what, [x], { axis }) => {
  floats(what, [x]);
  normAxis(what, axis, x.shape.length);
  return { shape: x.shape, dtype: 'float32' };
};

function matmul(what: string, a: Shape, b: Shape): Dim[] {
  if (a.length < 2 || b.length < 2) throw new GraphError(`${what}: both operands need rank >= 2`);
  const k1 = a[a.length - 1],
    k2 = b[b.length - 2];
  if (k1 !== k2) throw new GraphError(`${what}: inner dims ${k1} and ${k2} differ`);
  const batch = broadcastShapes(what, [a.slice(0, -2), b.slice(0, -2)]);
  return [...batch, a[a.length - 2], b[b.length - 1]];
}

function reshape(what: string, x: Shape, target: number[]): Dim[] {
  if (target.filter((d) => d === -1).length > 1) throw new GraphError(`${what}: at most one -1 in ${fmtShape(target)}`);
  const out: Dim[] = target.map((d, i) => {
    if (d === 0) {
      if (i >= x.length) throw new GraphError(`${what}: 0 at index ${i} has no input dim to copy`);
      return x[i];
    }
    if (d < -1 || !Number.isInteger(d)) throw new GraphError(`${what}: bad target dim ${d}`);
    return d;
  });
  const copied = new Set(target.flatMap((d, i) => (d === 0 ? [i] : [])));
  const rest = x.filter((_, i) => !copied.has(i));
  const inSyms = rest.filter((d): d is string => typeof d === 'string');
  const inNum = rest.reduce<number>((p, d) => p * (typeof d === 'number' ? d : 1), 1);
  const tNum = target.reduce<number>((p, d, i) => p * (d > 0 && !copied.has(i) ? d : 1), 1);
  const hole = target.indexOf(-1);
  if (hole < 0) {
    if (inSyms.length > 0) {
      throw new GraphError(`${what}: symbolic dims ${fmtShape(inSyms)} must be copied with 0 or absorbed by -1`);
    }
    if (inNum !== tNum) throw new GraphError(`${what}: ${inNum} elements cannot become ${fmtShape(target)}`);
    return out;
  }
  if (inNum % tNum !== 0) throw new GraphError(`${what}: ${inNum} elements do not divide into ${fmtShape(target)}`);
  out[hole] = dimProduct([...inSyms, inNum / tNum]);
  return out;
}

/** Shape rules for every op (a mapped type: a missing op fails to compile). */
export const INFER: { [K in OpName]: Rule<K> } = {
  MatMul: (what, xs) => (floats(what, xs), { shape: matmul(what, xs[0].shape, xs[1].shape), dtype: 'float32' }),
  Gemm: (what, xs, { transA, transB }) => {
    floats(what, xs);
    const [a, b, c] = xs;
    if (a.shape.length !== 2 || b.shape.length !== 2) throw new GraphError(`${what}: A and B must be 2-D`);
    const [m, k1] = transA ? [a.shape[1], a.shape[0]] : a.shape;
    const [k2, n] = transB ? [b.shape[1], b.shape[0]] : b.shape;
    if (k1 !== k2) throw new GraphError(`${what}: inner dims ${k1} and ${k2} differ`);
    const shape = [m, n];
    if (c) {
      const bc = broadcastShapes(what, [shape, c.shape]);
      if (bc.length !== 2 || bc[0] !== m || bc[1] !== n)
        throw new GraphError(`${what}: C ${fmtShape(c.shape)} must broadcast to ${fmtShape(shape)}`);
    }
    return { shape, dtype: 'float32' };
  },
  Add: binary,
  Sub: binary,
  Mul: binary,
  Div: binary,
  Pow: binary,
  Neg: unary,
  Sqrt: unary,
  Relu: unary,
  Sigmoid: unary,
  Tanh: unary,
  Softplus: unary,
  Exp: unary,
  Log: unary,
  Sin: unary,
  Cos: unary,
  ReduceSum: reduce,
  ReduceMean: reduce,
  ReduceMax: reduce,
  Concat: (what, xs, { axis }) => {
    floats(what, xs);
    const r = xs[0].shape.length;
    const ax = normAxis(what, axis, r);
    xs.forEach((x) => {
      if (x.shape.length !== r || x.shape.some((d, i) => i !== ax && d !== xs[0].shape[i])) {
        throw new GraphError(`${what}: shapes ${xs.map((y) => fmtShape(y.shape)).join(', ')} differ off axis ${axis}`);
      }
    });
    const sizes = xs.map((x) => x.shape[ax]);
    const dim = sizes.every((d) => typeof d === 'number')
      ? (sizes as number[]).reduce((p, d) => p + d, 0)
      : sizes.join('+');
    return { shape: xs[0].shape.map((d, i) => (i === ax ? dim : d)), dtype: 'float32' };
  },
  Slice: (what, [x], { starts, ends, axes }) => {
    floats(what, [x]);
    if (starts.length !== axes.length || ends.length !== axes.length)
      throw new GraphError(`${what}: starts, ends and axes differ in length`);
    normAxes(what, axes, x.shape.length); // rejects duplicates
    const shape = [...x.shape];
    axes.forEach((a, j) => {
      const i = normAxis(what, a, x.shape.length);
      const n = x.shape[i];
      if (typeof n !== 'number')
        throw new GraphError(`${what}: axis ${a} has symbolic size ${n}; slice static axes only`);
      const clamp = (v: number) => Math.min(n, Math.max(0, v < 0 ? v + n : v));
      shape[i] = Math.max(0, clamp(ends[j]) - clamp(starts[j]));
    });
    return { shape, dtype: 'float32' };
  },
  Reshape: (what, [x], { shape }) => (floats(what, [x]), { shape: reshape(what, x.shape, shape), dtype: 'float32' }),
  Transpose: (what, [x], { perm }) => {
    const r = x.shape.length;
    if (perm.length !== r || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) {
      throw new GraphError(`${what}: perm ${fmtShape(perm)} is not a permutation of rank ${r}`);
    }
    return { shape: perm.map((p) => x.shape[p]), dtype: x.dtype };
  },
  Unsqueeze: (what, [x], { axes }) => {
    const r = x.shape.length + axes.length;
    const ax = normAxes(what, axes, r);
    const shape: Dim[] = [];
    let k = 0;
    for (let i = 0; i < r; i++) shape.push(ax.includes(i) ? 1 : x.shape[k++]);
    return { shape, dtype: x.dtype };
  },
  Squeeze: (what, [x], { axes }) => {
    const ax = normAxes(what, axes, x.shape.length);
    ax.forEach((a) => {
      if (x.shape[a] !== 1) throw new GraphError(`${what}: axis ${a} has size ${x.shape[a]}, not 1`);
    });
    return { shape: x.shape.filter((_, i) => !ax.includes(i)), dtype: x.dtype };
  },
  Expand: (what, [x], { shape }) => (
    floats(what, [x]), { shape: broadcastShapes(what, [x.shape, shape]), dtype: 'float32' }
  ),
  Gather: (what, [x, idx], { axis }) => {
    floats(what, [x]);
    if (idx.dtype !== 'int64') throw new GraphError(`${what}: indices must be int64, got ${idx.dtype}`);
    const a = normAxis(what, axis, x.shape.length);
    return { shape: [...x.shape.slice(0, a), ...idx.shape, ...x.shape.slice(a + 1)], dtype: 'float32' };
  },
  Where: (what, [c, a, b]) => {
    if (c.dtype !== 'bool') throw new GraphError(`${what}: condition must be bool, got ${c.dtype}`);
    floats(what, [a, b]);
    return { shape: broadcastShapes(what, [c.shape, a.shape, b.shape]), dtype: 'float32' };
  },
  Softmax: softmax,
  LogSoftmax: softmax,
  Greater: compare,
  Less: compare,
  Equal: compare,
};

/** Number of operands each op takes (Gemm: 2 or 3; Concat: any ≥ 1). */
export function arity(op: OpName): [number, number] {
  switch (op) {
    case 'Gemm':
      return [2, 3];
    case 'Concat':
      return [1, Infinity];
    case 'Where':
      return [3, 3];
    case 'MatMul':
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div':
    case 'Pow':
    case 'Gather':
    case 'Greater':
    case 'Less':
    case 'Equal':
      return [2, 2];
    default:
      return [1, 1];
  }
}
