/**
 * The closed set of primitive ops a forward graph is made of, with each op's attributes.
 * Every op here has a shape rule (infer.ts), an ONNX lowering (onnx/lower.ts) and a gradient
 * rule (autodiff/rules.ts); all three are mapped types over `OpName`, so adding an op without
 * its rules does not compile (STYLE.md §10).
 */

/** Attributes of ops that take none. */
export type NoAttrs = Record<string, never>;
/** Reduction attributes. */
export interface ReduceAttrs {
  axes: number[];
  keepdims: boolean;
}
/** Single-axis attributes. */
export interface AxisAttrs {
  axis: number;
}

/** Attributes of each primitive op. Axes may be negative (counted from the end). */
export interface OpAttrs {
  /** Batched matrix product, numpy semantics; both operands rank ≥ 2. */
  MatMul: NoAttrs;
  /** y = alpha·op(A)·op(B) + beta·C on 2-D A, B; C (optional) broadcasts to [M, N]. */
  Gemm: { transA: boolean; transB: boolean; alpha: number; beta: number };
  Add: NoAttrs;
  Sub: NoAttrs;
  Mul: NoAttrs;
  Div: NoAttrs;
  /** Elementwise power x^y; the base must stay positive where y is differentiated. */
  Pow: NoAttrs;
  Neg: NoAttrs;
  Sqrt: NoAttrs;
  Relu: NoAttrs;
  Sigmoid: NoAttrs;
  Tanh: NoAttrs;
  Softplus: NoAttrs;
  Exp: NoAttrs;
  Log: NoAttrs;
  Sin: NoAttrs;
  Cos: NoAttrs;
  ReduceSum: ReduceAttrs;
  ReduceMean: ReduceAttrs;
  ReduceMax: ReduceAttrs;
  Concat: { axis: number };
  /** Step-1 slice along static axes; starts/ends clamp like ONNX (negative counts from the end). */
  Slice: { starts: number[]; ends: number[]; axes: number[] };
  /** ONNX Reshape: 0 copies the input dim at that index, one -1 is inferred. */
  Reshape: { shape: number[] };
  Transpose: { perm: number[] };
  Unsqueeze: { axes: number[] };
  Squeeze: { axes: number[] };
  /** Broadcast to `shape` (1 keeps the input's dim, so symbolic dims survive). */
  Expand: { shape: number[] };
  /** data[..., indices, ...] along `axis`; indices are int64. Differentiable in data only. */
  Gather: { axis: number };
  /** cond ? a : b (cond is bool), broadcasting all three. */
  Where: NoAttrs;
  Softmax: AxisAttrs;
  LogSoftmax: AxisAttrs;
  /** Comparisons give bool masks for Where; they have no gradient. */
  Greater: NoAttrs;
  Less: NoAttrs;
  Equal: NoAttrs;
}

/** Name of a primitive op. */
export type OpName = keyof OpAttrs;

/** One op application in a graph: data, so it can be written out as ONNX. */
export interface GraphNode<K extends OpName = OpName> {
  op: K;
  /** Value ids of the operands, in ONNX order. */
  inputs: number[];
  attrs: OpAttrs[K];
  /** Value id of the single result. */
  output: number;
}

/** Every op name, in one list (for tests and error messages). */
export const OP_NAMES: readonly OpName[] = [
  'MatMul',
  'Gemm',
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Pow',
  'Neg',
  'Sqrt',
  'Relu',
  'Sigmoid',
  'Tanh',
  'Softplus',
  'Exp',
  'Log',
  'Sin',
  'Cos',
  'ReduceSum',
  'ReduceMean',
  'ReduceMax',
  'Concat',
  'Slice',
  'Reshape',
  'Transpose',
  'Unsqueeze',
  'Squeeze',
  'Expand',
  'Gather',
  'Where',
  'Softmax',
  'LogSoftmax',
  'Greater',
  'Less',
  'Equal',
];
