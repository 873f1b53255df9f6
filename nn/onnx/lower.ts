/**
 * Lowering of each primitive op to ONNX opset-18 nodes (a mapped type over the op set), and of
 * a whole forward graph to the nodes needed for a chosen set of values.
 */
import type { Graph } from '../graph/graph.ts';
import type { OpAttrs, OpName } from '../graph/ops.ts';
import type { NodeSink, OnnxAttr } from './ir.ts';

type Lower<K extends OpName> = (sink: NodeSink, ins: string[], attrs: OpAttrs[K], out: string) => void;

const plain =
  <K extends OpName>(op: string): Lower<K> =>
  (sink, ins, _a, out) =>
    void sink.emit(op, ins, undefined, out);
const reduce =
  <K extends 'ReduceSum' | 'ReduceMean' | 'ReduceMax'>(op: K): Lower<K> =>
  (sink, [x], a, out) =>
    void sink.emit(op, [x, sink.i64(a.axes)], { keepdims: { i: a.keepdims ? 1 : 0 } }, out);
const axisOp =
  <K extends 'Softmax' | 'LogSoftmax' | 'Concat' | 'Gather'>(op: K): Lower<K> =>
  (sink, ins, a, out) =>
    void sink.emit(op, ins, { axis: { i: a.axis } }, out);

/** ONNX lowering for every op. */
export const LOWER: { [K in OpName]: Lower<K> } = {
  MatMul: plain('MatMul'),
  Gemm: (sink, ins, a, out) => {
    const attrs: Record<string, OnnxAttr> = {
      transA: { i: a.transA ? 1 : 0 },
      transB: { i: a.transB ? 1 : 0 },
      alpha: { f: a.alpha },
      beta: { f: a.beta },
    };
    sink.emit('Gemm', ins, attrs, out);
  },
  Add: plain('Add'),
  Sub: plain('Sub'),
  Mul: plain('Mul'),
  Div: plain('Div'),
  Pow: plain('Pow'),
  Neg: plain('Neg'),
  Sqrt: plain('Sqrt'),
  Relu: plain('Relu'),
  Sigmoid: plain('Sigmoid'),
  Tanh: plain('Tanh'),
  Softplus: plain('Softplus'),
  Exp: plain('Exp'),
  Log: plain('Log'),
  Sin: plain('Sin'),
  Cos: plain('Cos'),
  ReduceSum: reduce('ReduceSum'),
  ReduceMean: reduce('ReduceMean'),
  ReduceMax: reduce('ReduceMax'),
  Concat: axisOp('Concat'),
  Slice: (sink, [x], a, out) =>
    void sink.emit('Slice', [x, sink.i64(a.starts), sink.i64(a.ends), sink.i64(a.axes)], undefined, out),
  Reshape: (sink, [x], a, out) => void sink.emit('Reshape', [x, sink.i64(a.shape)], undefined, out),
  Transpose: (sink, [x], a, out) => void sink.emit('Transpose', [x], { perm: { ints: a.perm } }, out),
  Unsqueeze: (sink, [x], a, out) => void sink.emit('Unsqueeze', [x, sink.i64(a.axes)], undefined, out),
  Squeeze: (sink, [x], a, out) => void sink.emit('Squeeze', [x, sink.i64(a.axes)], undefined, out),
  Expand: (sink, [x], a, out) => void sink.emit('Expand', [x, sink.i64(a.shape)], undefined, out),
  Gather: axisOp('Gather'),
  Where: plain('Where'),
  Softmax: axisOp('Softmax'),
  LogSoftmax: axisOp('LogSoftmax'),
  Greater: plain('Greater'),
  Less: plain('Less'),
  Equal: plain('Equal'),
};

/** Value ids that `targets` depend on (including the targets). */
export function ancestors(graph: Graph, targets: number[]): Set<number> {
  const need = new Set(targets);
  for (let i = graph.nodes.length - 1; i >= 0; i--) {
    const n = graph.nodes[i];
    if (need.has(n.output)) n.inputs.forEach((x) => need.add(x));
  }
  return need;
}

/**
 * Emits the forward nodes that `targets` need into `sink`, in build order, and adds the
 * graph's constants as initializers. Returns the set of needed value ids.
 */
export function lowerForward(graph: Graph, sink: NodeSink, targets: number[]): Set<number> {
  const need = ancestors(graph, targets);
  for (const [id, data] of graph.constData) {
    if (!need.has(id)) continue;
    const v = graph.values[id];
    sink.addInit({ name: v.name, dtype: v.dtype, dims: v.shape as number[], data });
  }
  for (const n of graph.nodes) {
    if (!need.has(n.output)) continue;
    const lower = LOWER[n.op] as Lower<OpName>;
    lower(
      sink,
      n.inputs.map((i) => graph.values[i].name),
      n.attrs,
      graph.values[n.output].name,
    );
  }
  return need;
}
