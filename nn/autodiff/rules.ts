/**
 * Reverse-mode gradient rules, one per primitive op, in one mapped-type table: an op without a
 * rule does not compile (STYLE.md §10). A rule gets dL/dy and emits ONNX nodes computing dL/dx
 * for each operand that needs it (null where none). Broadcast operands are summed back to
 * their own shape.
 */
import type { NoAttrs, OpAttrs, OpName } from '../graph/ops.ts';
import { normAxes, normAxis, unbroadcastAxes, type Shape } from '../graph/shape.ts';
import type { NodeSink } from '../onnx/ir.ts';

/** What a rule sees of one node. */
export interface GradCtx {
  sink: NodeSink;
  /** Operand names and shapes. */
  x: string[];
  xs: Shape[];
  /** Result name and shape. */
  y: string;
  ys: Shape;
  /** Name of dL/dy (shape `ys`). */
  dy: string;
  /** Which operands need a gradient. */
  need: boolean[];
}

type Grads = (string | null)[];
type RuleOf<A> = (c: GradCtx, attrs: A) => Grads;
type Rule<K extends OpName> = RuleOf<OpAttrs[K]>;

/** Sums `g` (shaped `out`) back to `operand` (numpy broadcasting undone). */
export function unbroadcast(sink: NodeSink, g: string, operand: Shape, out: Shape): string {
  const { lead, keep } = unbroadcastAxes(operand, out);
  let r = g;
  if (lead.length) r = sink.emit('ReduceSum', [r, sink.i64(lead)], { keepdims: { i: 0 } });
  if (keep.length) r = sink.emit('ReduceSum', [r, sink.i64(keep)], { keepdims: { i: 1 } });
  return r;
}

const e = (c: GradCtx, op: string, ins: string[]) => c.sink.emit(op, ins);
const only = (c: GradCtx, i: number, f: () => string): string | null => (c.need[i] ? f() : null);
/** dy ⊙ f(x, y) for elementwise unary ops. */
const unary =
  (f: (c: GradCtx) => string): RuleOf<NoAttrs> =>
  (c) => [e(c, 'Mul', [c.dy, f(c)])];

/** Swaps the last two axes. */
function swapLast(c: GradCtx, x: string, rank: number): string {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return c.sink.emit('Transpose', [x], { perm: { ints: perm } });
}

/** Gradient of a reduction: dy broadcast back over the reduced axes. */
function expandBack(c: GradCtx, axes: number[], keepdims: boolean, g: string): string {
  const ax = normAxes('grad', axes, c.xs[0].length);
  const gk = keepdims ? g : c.sink.emit('Unsqueeze', [g, c.sink.i64(ax)]);
  return c.sink.emit('Expand', [gk, c.sink.emit('Shape', [c.x[0]])]);
}

/** Size of dim `axis` of `x` as a [1] int64 value (constant when static). */
function dimOf(c: GradCtx, i: number, axis: number): string {
  const d = c.xs[i][axis];
  if (typeof d === 'number') return c.sink.i64([d]);
  return c.sink.emit('Shape', [c.x[i]], { start: { i: axis }, end: { i: axis + 1 } });
}

export const RULES: { [K in OpName]: Rule<K> } = {
  MatMul: (c) => {
    const [a, b] = c.x,
      [as, bs] = c.xs;
    const batch = c.ys.slice(0, -2);
    const da = only(c, 0, () =>
      unbroadcast(c.sink, e(c, 'MatMul', [c.dy, swapLast(c, b, bs.length)]), as, [...batch, ...as.slice(-2)]),
    );
    const db = only(c, 1, () => {
      const k = as[as.length - 1],
        n = bs[bs.length - 1];
      if (bs.length === 2 && as.length > 2 && typeof k === 'number' && typeof n === 'number') {
        // Shared 2-D weight: one GEMM over all batch rows instead of a batched product + sum.
        const a2 = c.sink.emit('Reshape', [a, c.sink.i64([-1, k])]); // [B*..., K]
        const g2 = c.sink.emit('Reshape', [c.dy, c.sink.i64([-1, n])]); // [B*..., N]
        return c.sink.emit('Gemm', [a2, g2], { transA: { i: 1 } });
      }
      return unbroadcast(c.sink, e(c, 'MatMul', [swapLast(c, a, as.length), c.dy]), bs, [...batch, ...bs.slice(-2)]);
    });
    return [da, db];
  },
  Gemm: (c, { transA, transB, alpha, beta }) => {
    const [a, b] = c.x;
    const gemm = (p: string, q: string, ta: boolean, tb: boolean) =>
      c.sink.emit('Gemm', [p, q], { transA: { i: ta ? 1 : 0 }, transB: { i: tb ? 1 : 0 }, alpha: { f: alpha } });
    const da = only(c, 0, () => (transA ? gemm(b, c.dy, transB, true) : gemm(c.dy, b, false, !transB)));
    const db = only(c, 1, () => (transB ? gemm(c.dy, a, true, transA) : gemm(a, c.dy, !transA, false)));
    const res: Grads = [da, db];
    if (c.x.length === 3) {
      res.push(
        only(c, 2, () => unbroadcast(c.sink, beta === 1 ? c.dy : e(c, 'Mul', [c.dy, c.sink.f32(beta)]), c.xs[2], c.ys)),
      );
    }
    return res;
  },
  Add: (c) => [
    only(c, 0, () => unbroadcast(c.sink, c.dy, c.xs[0], c.ys)),
    only(c, 1, () => unbroadcast(c.sink, c.dy, c.xs[1], c.ys)),
  ],
  Sub: (c) => [
    only(c, 0, () => unbroadcast(c.sink, c.dy, c.xs[0], c.ys)),
    only(c, 1, () => unbroadcast(c.sink, e(c, 'Neg', [c.dy]), c.xs[1], c.ys)),
  ],
  Mul: (c) => [
    only(c, 0, () => unbroadcast(c.sink, e(c, 'Mul', [c.dy, c.x[1]]), c.xs[0], c.ys)),
    only(c, 1, () => unbroadcast(c.sink, e(c, 'Mul', [c.dy, c.x[0]]), c.xs[1], c.ys)),
  ],
  Div: (c) => [
    only(c, 0, () => unbroadcast(c.sink, e(c, 'Div', [c.dy, c.x[1]]), c.xs[0], c.ys)),
    // d(a/b)/db = -y/b
    only(c, 1, () =>
      unbroadcast(c.sink, e(c, 'Neg', [e(c, 'Mul', [c.dy, e(c, 'Div', [c.y, c.x[1]])])]), c.xs[1], c.ys),
    ),
  ],
  Pow: (c) => [
    // d(a^b)/da = b·a^(b-1)
    only(c, 0, () => {
      const bm1 = e(c, 'Sub', [c.x[1], c.sink.f32(1)]);
      return unbroadcast(c.sink, e(c, 'Mul', [c.dy, e(c, 'Mul', [c.x[1], e(c, 'Pow', [c.x[0], bm1])])]), c.xs[0], c.ys);
    }),
    // d(a^b)/db = y·ln a
    only(c, 1, () =>
      unbroadcast(c.sink, e(c, 'Mul', [c.dy, e(c, 'Mul', [c.y, e(c, 'Log', [c.x[0]])])]), c.xs[1], c.ys),
    ),
  ],
  Neg: (c) => [e(c, 'Neg', [c.dy])],
  Sqrt: (c) => [e(c, 'Div', [e(c, 'Mul', [c.dy, c.sink.f32(0.5)]), c.y])],
  Relu: (c) => [c.sink.emit('Where', [e(c, 'Greater', [c.x[0], c.sink.f32(0)]), c.dy, c.sink.f32(0)])],
  Sigmoid: unary((c) => e(c, 'Mul', [c.y, e(c, 'Sub', [c.sink.f32(1), c.y])])),
  Tanh: unary((c) => e(c, 'Sub', [c.sink.f32(1), e(c, 'Mul', [c.y, c.y])])),
  Softplus: unary((c) => e(c, 'Sigmoid', [c.x[0]])),
  Exp: unary((c) => c.y),
  Log: (c) => [e(c, 'Div', [c.dy, c.x[0]])],
  Sin: unary((c) => e(c, 'Cos', [c.x[0]])),
  Cos: unary((c) => e(c, 'Neg', [e(c, 'Sin', [c.x[0]])])),
  ReduceSum: (c, { axes, keepdims }) => [expandBack(c, axes, keepdims, c.dy)],
  ReduceMean: (c, { axes, keepdims }) => {
    const ax = normAxes('grad', axes, c.xs[0].length);
    const dims = ax.map((a) => c.xs[0][a]);
    let scale: string;
    if (dims.every((d) => typeof d === 'number')) scale = c.sink.f32(1 / (dims as number[]).reduce((p, d) => p * d, 1));
    else {
      const cast = (s: string) => c.sink.emit('Cast', [s], { to: { i: 1 } });
      scale = e(c, 'Div', [cast(e(c, 'Size', [c.y])), cast(e(c, 'Size', [c.x[0]]))]);
    }
    return [expandBack(c, axes, keepdims, e(c, 'Mul', [c.dy, scale]))];
  },
  ReduceMax: (c, { axes, keepdims }) => {
    const ax = c.sink.i64(normAxes('grad', axes, c.xs[0].length));
    const yk = keepdims ? c.y : c.sink.emit('Unsqueeze', [c.y, ax]);
    const dyk = keepdims ? c.dy : c.sink.emit('Unsqueeze', [c.dy, ax]);
    const mask = c.sink.emit('Cast', [e(c, 'Equal', [c.x[0], yk])], { to: { i: 1 } });
    // Ties share the gradient equally.
    const count = c.sink.emit('ReduceSum', [mask, ax], { keepdims: { i: 1 } });
    return [e(c, 'Mul', [e(c, 'Div', [mask, count]), dyk])];
  },
  Concat: (c, { axis }) => {
    const a = normAxis('grad', axis, c.ys.length);
    let start = c.sink.i64([0]);
    return c.x.map((_, i) => {
      const end = e(c, 'Add', [start, dimOf(c, i, a)]);
      const g = c.need[i] ? e(c, 'Slice', [c.dy, start, end, c.sink.i64([a])]) : null;
      start = end;
      return g;
    });
  },
  Slice: (c, { starts, ends, axes }) => {
    const r = c.xs[0].length;
    const pads = new Array<number>(2 * r).fill(0);
    axes.forEach((ax, j) => {
      const i = normAxis('grad', ax, r);
      const n = c.xs[0][i] as number; // static: checked at build time
      const clamp = (v: number) => Math.min(n, Math.max(0, v < 0 ? v + n : v));
      const s = clamp(starts[j]),
        t = Math.max(s, clamp(ends[j]));
      pads[i] = s;
      pads[r + i] = n - t;
    });
    return [c.sink.emit('Pad', [c.dy, c.sink.i64(pads)])];
  },
  Reshape: (c) => [e(c, 'Reshape', [c.dy, e(c, 'Shape', [c.x[0]])])],
  Transpose: (c, { perm }) => {
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => (inv[p] = i));
    return [c.sink.emit('Transpose', [c.dy], { perm: { ints: inv } })];
  },
  Unsqueeze: (c, { axes }) => [e(c, 'Squeeze', [c.dy, c.sink.i64(axes)])],
  Squeeze: (c, { axes }) => [e(c, 'Unsqueeze', [c.dy, c.sink.i64(axes)])],
  Expand: (c) => [unbroadcast(c.sink, c.dy, c.xs[0], c.ys)],
  Gather: (c, { axis }) => {
    const r = c.xs[0].length,
      q = c.xs[1].length;
    const a = normAxis('grad', axis, r);
    const idx = e(c, 'Unsqueeze', [c.x[1], c.sink.i64([-1])]); // [I..., 1]
    const scatter = (zeros: string, upd: string) =>
      c.sink.emit('ScatterND', [zeros, idx, upd], { reduction: { s: 'add' } });
    if (a === 0) return [scatter(e(c, 'Expand', [c.sink.f32(0), e(c, 'Shape', [c.x[0]])]), c.dy), null];
    // Move the gathered axis to the front, scatter-add there, move it back.
    const permD = [a, ...Array.from({ length: r }, (_, i) => i).filter((i) => i !== a)];
    const permY = [
      ...Array.from({ length: q }, (_, i) => a + i),
      ...Array.from({ length: a }, (_, i) => i),
      ...Array.from({ length: r - a - 1 }, (_, i) => a + q + i),
    ];
    const shapeT = e(c, 'Gather', [e(c, 'Shape', [c.x[0]]), c.sink.i64(permD)]);
    const dyT = c.sink.emit('Transpose', [c.dy], { perm: { ints: permY } });
    const dxT = scatter(e(c, 'Expand', [c.sink.f32(0), shapeT]), dyT);
    const inv = new Array<number>(r);
    permD.forEach((p, i) => (inv[p] = i));
    return [c.sink.emit('Transpose', [dxT], { perm: { ints: inv } }), null];
  },
  Where: (c) => {
    const z = c.sink.f32(0);
    return [
      null,
      only(c, 1, () => unbroadcast(c.sink, e(c, 'Where', [c.x[0], c.dy, z]), c.xs[1], c.ys)),
      only(c, 2, () => unbroadcast(c.sink, e(c, 'Where', [c.x[0], z, c.dy]), c.xs[2], c.ys)),
    ];
  },
  Softmax: (c, { axis }) => {
    const s = c.sink.emit('ReduceSum', [e(c, 'Mul', [c.dy, c.y]), c.sink.i64([axis])], { keepdims: { i: 1 } });
    return [e(c, 'Mul', [c.y, e(c, 'Sub', [c.dy, s])])];
  },
  LogSoftmax: (c, { axis }) => {
    const s = c.sink.emit('ReduceSum', [c.dy, c.sink.i64([axis])], { keepdims: { i: 1 } });
    return [e(c, 'Sub', [c.dy, e(c, 'Mul', [e(c, 'Exp', [c.y]), s])])];
  },
  Greater: () => [null, null],
  Less: () => [null, null],
  Equal: () => [null, null],
};
