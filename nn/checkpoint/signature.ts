/** Model signatures (input/output names, dtypes, shapes) and their comparison with clear errors. */
import type { Graph } from '../graph/graph.ts';
import { fmtShape, type DType, type Shape } from '../graph/shape.ts';
import { declaredOutputs } from '../onnx/export.ts';
import { ancestors } from '../onnx/lower.ts';
import type { OnnxIO } from '../onnx/ir.ts';

/** What a caller expects a model file to take and give. */
export interface Signature {
  inputs: readonly OnnxIO[];
  outputs: readonly OnnxIO[];
}

const fmtIO = (v: { name: string; dtype: DType; shape: Shape }) => `${v.name}: ${v.dtype}${fmtShape(v.shape)}`;
const fmtList = (vs: readonly OnnxIO[]) => `{${vs.map(fmtIO).join(', ')}}`;

/** The signature an inference model of `graph` has (all declared outputs, or `outputs`). */
export function signatureOf(graph: Graph, outputs?: string[]): Signature {
  const outs = declaredOutputs(graph, outputs);
  const need = ancestors(
    graph,
    outs.map(([, id]) => id),
  );
  const io = (id: number, name?: string): OnnxIO => ({
    name: name ?? graph.values[id].name,
    dtype: graph.values[id].dtype,
    shape: graph.values[id].shape,
  });
  return {
    inputs: graph.values.filter((v) => v.kind === 'input' && need.has(v.id)).map((v) => io(v.id)),
    outputs: outs.map(([n, id]) => io(id, n)),
  };
}

/** Throws unless `found` matches `expected` exactly (names, dtypes, shapes; order ignored). */
export function checkSignature(where: string, expected: Signature, found: Signature): void {
  const problems: string[] = [];
  for (const side of ['inputs', 'outputs'] as const) {
    const fmap = new Map(found[side].map((v) => [v.name, v]));
    const emap = new Map(expected[side].map((v) => [v.name, v]));
    for (const e of expected[side]) {
      const f = fmap.get(e.name);
      if (!f) problems.push(`missing ${side.slice(0, -1)} ${fmtIO(e)}`);
      else if (f.dtype !== e.dtype || fmtShape(f.shape) !== fmtShape(e.shape))
        problems.push(`${side.slice(0, -1)} '${e.name}': expected ${fmtIO(e)}, found ${fmtIO(f)}`);
    }
    for (const f of found[side]) if (!emap.has(f.name)) problems.push(`unexpected ${side.slice(0, -1)} ${fmtIO(f)}`);
  }
  if (problems.length) {
    throw new Error(
      `${where}: wrong model signature: ${problems.join('; ')}. ` +
        `Expected inputs ${fmtList(expected.inputs)} outputs ${fmtList(expected.outputs)}; ` +
        `found inputs ${fmtList(found.inputs)} outputs ${fmtList(found.outputs)}`,
    );
  }
}
