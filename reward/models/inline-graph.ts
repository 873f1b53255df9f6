/**
 * Replays one graph into another under a name prefix: the implicit reward needs two copies of
 * the policy's noise network (fine-tuned ε_θ and frozen ε_ref) in one ONNX graph, and the
 * policy's builders use fixed parameter names. The graph is data (STYLE §10), so copying its
 * nodes is exact; shapes are re-inferred for the operands given, so a network built for [B, 6]
 * actions can be replayed on [K, M, 6] (every layer acts on the last axis).
 */
import type { Graph, Tensor } from '../../nn/index.ts';

/**
 * Copies `src` into `dst`: inputs are replaced by `inputs[name]`, parameters become
 * `${prefix}${name}` (initial values copied), constants are copied, nodes are replayed.
 * @returns the tensors of `src`'s declared outputs, by output name
 */
export function inlineGraph(
  dst: Graph,
  src: Graph,
  prefix: string,
  inputs: Record<string, Tensor>,
): Record<string, Tensor> {
  const map = new Map<number, Tensor>();
  for (const v of src.values) {
    if (v.kind === 'input') {
      const t = inputs[v.name];
      if (!t)
        throw new Error(
          `inlineGraph: no tensor given for input '${v.name}' (given: ${Object.keys(inputs).join(', ')})`,
        );
      map.set(v.id, t);
    } else if (v.kind === 'param') {
      map.set(v.id, dst.param(`${prefix}${v.name}`, v.shape as number[], src.paramData.get(v.id)!.slice()));
    } else if (v.kind === 'const') {
      map.set(v.id, dst.constant(src.constData.get(v.id)!.slice(), v.shape as number[]));
    }
  }
  for (const n of src.nodes) {
    map.set(
      n.output,
      dst.op(
        n.op,
        n.inputs.map((i) => map.get(i)!),
        n.attrs,
      ),
    );
  }
  return Object.fromEntries([...src.outputs].map(([name, id]) => [name, map.get(id)!]));
}
