/**
 * prefsim `nn/`: build forward graphs as data, differentiate them into ONNX, train on
 * onnxruntime-node with Adam/AdamW in TypeScript, and save/load models as ONNX files.
 * Knows nothing about robots. See ARCHITECTURE.md ("Why training runs on onnxruntime-node").
 *
 * Dimension letters: B batch, N points, C channels, D conditioning width.
 */
export { Graph, Tensor, type ConstData, type Value } from './graph/graph.ts';
export { GraphError, fmtShape, type Dim, type DType, type Shape } from './graph/shape.ts';
export { OP_NAMES, type OpAttrs, type OpName } from './graph/ops.ts';

export { activate, type Activation } from './layers/activation.ts';
export { initWeight, type InitKind } from './layers/init.ts';
export { linear, mlp, type LinearConfig, type MlpConfig } from './layers/linear.ts';
export { layerNorm, type LayerNormConfig } from './layers/layer-norm.ts';
export { pointNetEncoder, type PointNetConfig } from './layers/pointnet.ts';
export { film, timeEmbedding, type FilmConfig } from './layers/conditioning.ts';
export { bceWithLogits, bradleyTerryLoss, mseLoss, softmaxCrossEntropy } from './losses.ts';

export { tensor, type Feeds, type TensorData } from './runtime/tensor-data.ts';
export { createSession, InferenceModel, type SessionConfig } from './runtime/session.ts';
export { makeInferenceModel } from './runtime/from-graph.ts';
export { makeTrainer, Trainer, type TrainerConfig, type TrainStepResult } from './train/trainer.ts';
export { adamScalar } from './train/adam-kernel.ts';
export {
  Adam,
  OptimizerConfigSchema,
  type OptimizerConfig,
  type OptimizerConfigInput,
  type OptimizerState,
} from './train/optimizer.ts';
export { learningRate, ScheduleConfigSchema, type ScheduleConfig } from './train/schedule.ts';
export { batchStream, epochBatches, gatherRows } from './train/batches.ts';

export { encodeModel, decodeModel, OnnxFormatError } from './onnx/codec.ts';
export { inferenceSpec, trainingSpec } from './onnx/export.ts';
export type { OnnxIO, OnnxModelSpec } from './onnx/ir.ts';
export {
  checkpointBytes,
  loadCheckpoint,
  openModel,
  restoreOptimizer,
  restoreParams,
  saveCheckpoint,
  type Checkpoint,
  type SaveOptions,
} from './checkpoint/checkpoint.ts';
export { CheckpointMetaSchema, hashData, type CheckpointInfo, type CheckpointMeta } from './checkpoint/metadata.ts';
export { checkSignature, signatureOf, type Signature } from './checkpoint/signature.ts';
