/** An inference session straight from a graph in memory (no file), e.g. to sample while training. */
import type { Graph } from '../graph/graph.ts';
import { encodeModel } from '../onnx/codec.ts';
import { inferenceSpec } from '../onnx/export.ts';
import { InferenceModel, type SessionConfig } from './session.ts';

/**
 * Freezes the graph's current parameters into an inference model.
 * @param opts.outputs output names to compute; default all declared outputs
 */
export function makeInferenceModel(
  graph: Graph,
  opts: SessionConfig & { outputs?: string[] } = {},
): Promise<InferenceModel> {
  const spec = inferenceSpec(graph, { outputs: opts.outputs });
  return InferenceModel.create(encodeModel(spec), spec.inputs, spec.outputs, opts, 'InferenceModel');
}
