/**
 * The one backward walker: visits the forward nodes in reverse build order, sums the incoming
 * gradients of each result, and applies that op's rule from RULES. Iterative, so deep graphs
 * cannot overflow the stack.
 */
import type { Graph } from '../graph/graph.ts';
import type { OpAttrs, OpName } from '../graph/ops.ts';
import { fmtShape, GraphError } from '../graph/shape.ts';
import type { NodeSink } from '../onnx/ir.ts';
import { ancestors } from '../onnx/lower.ts';
import { RULES, type GradCtx } from './rules.ts';

type AnyRule = (c: GradCtx, attrs: OpAttrs[OpName]) => (string | null)[];

/**
 * Emits the nodes computing d(loss)/d(v) for each value id in `wrt` into `sink` (after the
 * forward nodes). `loss` must have one element (shape [] or all ones).
 * @returns ONNX name of each gradient by value id; values the loss does not depend on are absent.
 */
export function appendBackward(graph: Graph, sink: NodeSink, loss: number, wrt: number[]): Map<number, string> {
  const lv = graph.values[loss];
  if (lv.dtype !== 'float32' || lv.shape.some((d) => d !== 1)) {
    throw new GraphError(`loss '${lv.name}' must be a float32 scalar, got ${lv.dtype}${fmtShape(lv.shape)}`);
  }
  const onPath = ancestors(graph, [loss]);
  const requires = new Set(wrt);
  for (const n of graph.nodes) {
    if (graph.values[n.output].dtype === 'float32' && n.inputs.some((i) => requires.has(i))) requires.add(n.output);
  }
  const pending = new Map<number, string[]>();
  pending.set(loss, [sink.f32(1, lv.shape as number[])]);
  const total = (id: number): string | undefined => {
    const gs = pending.get(id);
    if (!gs) return undefined;
    return gs.length === 1 ? gs[0] : sink.emit('Sum', gs);
  };
  for (let k = graph.nodes.length - 1; k >= 0; k--) {
    const n = graph.nodes[k];
    if (!onPath.has(n.output) || !requires.has(n.output)) continue;
    const dy = total(n.output);
    if (!dy) continue;
    const need = n.inputs.map((i) => requires.has(i));
    const c: GradCtx = {
      sink,
      x: n.inputs.map((i) => graph.values[i].name),
      xs: n.inputs.map((i) => graph.values[i].shape),
      y: graph.values[n.output].name,
      ys: graph.values[n.output].shape,
      dy,
      need,
    };
    const grads = (RULES[n.op] as AnyRule)(c, n.attrs);
    n.inputs.forEach((id, j) => {
      const g = grads[j];
      if (!need[j] || !g) return;
      const list = pending.get(id);
      if (list) list.push(g);
      else pending.set(id, [g]);
    });
  }
  const out = new Map<number, string>();
  for (const id of wrt) {
    const g = total(id);
    if (g) out.set(id, g);
  }
  return out;
}
