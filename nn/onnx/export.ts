/**
 * Turns a forward Graph into ONNX model specs: an inference model (parameters as initializers)
 * and a training model (parameters as inputs; outputs the loss and each parameter's gradient).
 */
import { appendBackward } from '../autodiff/backward.ts';
import type { Graph, Tensor } from '../graph/graph.ts';
import { GraphError } from '../graph/shape.ts';
import { NodeSink, type OnnxIO, type OnnxModelSpec } from './ir.ts';
import { lowerForward } from './lower.ts';

function io(graph: Graph, id: number, name?: string): OnnxIO {
  const v = graph.values[id];
  return { name: name ?? v.name, dtype: v.dtype, shape: v.shape };
}

/** Emits `Identity` nodes so each named output exists under its name. */
function nameOutputs(graph: Graph, sink: NodeSink, outs: [string, number][]): OnnxIO[] {
  return outs.map(([name, id]) => {
    if (graph.values[id].name !== name) sink.emit('Identity', [graph.values[id].name], undefined, name);
    return io(graph, id, name);
  });
}

function usedInputs(graph: Graph, need: Set<number>): OnnxIO[] {
  return graph.values.filter((v) => v.kind === 'input' && need.has(v.id)).map((v) => io(graph, v.id));
}

/**
 * A forward-only model computing `outs` (name → value id). Parameters become initializers
 * (`frozen`, for inference files) or inputs after the data inputs (for evaluating live weights).
 */
export function forwardSpec(
  graph: Graph,
  outs: [string, number][],
  paramsAs: 'initializers' | 'inputs',
  name = 'prefsim',
): OnnxModelSpec {
  const sink = new NodeSink('_b.');
  const need = lowerForward(
    graph,
    sink,
    outs.map(([, id]) => id),
  );
  const params = [...graph.paramData].filter(([id]) => need.has(id));
  const inputs = usedInputs(graph, need);
  for (const [id, data] of params) {
    if (paramsAs === 'inputs') inputs.push(io(graph, id));
    else
      sink.addInit({ name: graph.values[id].name, dtype: 'float32', dims: graph.values[id].shape as number[], data });
  }
  const outputs = nameOutputs(graph, sink, outs);
  return { name, nodes: sink.nodes, initializers: sink.initializers, inputs, outputs, metadata: {} };
}

/** Resolves declared output names (default: all) to value ids. */
export function declaredOutputs(graph: Graph, names?: string[]): [string, number][] {
  const list = names ?? [...graph.outputs.keys()];
  if (list.length === 0) throw new GraphError('the graph declares no outputs (use graph.output(name, t))');
  return list.map((n): [string, number] => {
    const id = graph.outputs.get(n);
    if (id === undefined) throw new GraphError(`no output '${n}' (declared: ${[...graph.outputs.keys()].join(', ')})`);
    return [n, id];
  });
}

/**
 * The inference-only model: declared outputs (or `outputs`), parameters frozen as initializers.
 * @param outputs output names to keep; default all outputs declared with `graph.output`
 */
export function inferenceSpec(
  graph: Graph,
  opts: { outputs?: string[]; metadata?: Record<string, string>; name?: string } = {},
): OnnxModelSpec {
  const spec = forwardSpec(graph, declaredOutputs(graph, opts.outputs), 'initializers', opts.name);
  return { ...spec, metadata: opts.metadata ?? {} };
}

/** A training model and where its gradients come out. */
export interface TrainingSpec {
  spec: OnnxModelSpec;
  /** Parameters fed as inputs, in input order after the data inputs. */
  params: { id: number; name: string }[];
  /** Output name of each trained parameter's gradient (absent: the loss does not depend on it). */
  gradOutputs: Map<number, string>;
  /** Data inputs (not parameters) the model needs. */
  dataInputs: OnnxIO[];
}

/** Output name of the loss in training models. */
export const LOSS_OUTPUT = 'loss';

/**
 * The training model: inputs are the data inputs plus every parameter; outputs are `loss`,
 * `grad:<param>` for each parameter in `wrt`, and any `extra` outputs (e.g. predictions).
 */
export function trainingSpec(
  graph: Graph,
  loss: Tensor,
  wrt: Tensor[],
  extra: Record<string, Tensor> = {},
): TrainingSpec {
  if (loss.graph !== graph) throw new GraphError('training model: loss belongs to another graph');
  wrt.forEach((p) => {
    if (graph.values[p.id].kind !== 'param') throw new GraphError(`training model: '${p.name}' is not a parameter`);
  });
  const sink = new NodeSink('_b.');
  const extraIds = Object.entries(extra).map(([n, t]): [string, number] => [n, t.id]);
  const need = lowerForward(graph, sink, [loss.id, ...extraIds.map(([, id]) => id)]);
  const grads = appendBackward(
    graph,
    sink,
    loss.id,
    wrt.map((p) => p.id),
  );
  const gradOutputs = new Map<number, string>();
  const outputs: OnnxIO[] = [...nameOutputs(graph, sink, [[LOSS_OUTPUT, loss.id]])];
  for (const [id, g] of grads) {
    const name = `grad:${graph.values[id].name}`;
    sink.emit('Identity', [g], undefined, name);
    gradOutputs.set(id, name);
    outputs.push({ name, dtype: 'float32', shape: graph.values[id].shape });
  }
  outputs.push(...nameOutputs(graph, sink, extraIds));
  const params = [...graph.paramData.keys()]
    .filter((id) => need.has(id))
    .map((id) => ({ id, name: graph.values[id].name }));
  const dataInputs = usedInputs(graph, need);
  const inputs = [...dataInputs, ...params.map((p) => io(graph, p.id))];
  return {
    spec: { name: 'prefsim-train', nodes: sink.nodes, initializers: sink.initializers, inputs, outputs, metadata: {} },
    params,
    gradOutputs,
    dataInputs,
  };
}
