/**
 * Checkpoints are inference-only ONNX files: parameters are initializers, and the metadata
 * (architecture, training config, data hash, metrics, optimiser state) is zod-validated JSON in
 * metadata_props. Loading verifies structure, metadata, parameter hash and (optionally) the
 * signature, so a corrupt, truncated or mismatched file fails with a message saying what is wrong.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Graph } from '../graph/graph.ts';
import { fmtShape } from '../graph/shape.ts';
import { decodeModel, encodeModel } from '../onnx/codec.ts';
import { inferenceSpec } from '../onnx/export.ts';
import type { OnnxModelSpec } from '../onnx/ir.ts';
import { InferenceModel, type SessionConfig } from '../runtime/session.ts';
import type { Trainer } from '../train/trainer.ts';
import {
  base64ToF32,
  f32ToBase64,
  FORMAT,
  hashInitializers,
  META_KEY,
  parseMeta,
  type CheckpointInfo,
  type CheckpointMeta,
} from './metadata.ts';
import { checkSignature, type Signature } from './signature.ts';

export interface SaveOptions {
  /** Outputs to keep; default all declared outputs. */
  outputs?: string[];
  /** Architecture, training config, data hash and metrics to record. */
  info: CheckpointInfo;
  /** Record this trainer's optimiser state so training can resume. */
  trainer?: Trainer;
}

/** Encodes `graph` with its current parameters as checkpoint bytes. */
export function checkpointBytes(graph: Graph, opts: SaveOptions): Uint8Array {
  const spec = inferenceSpec(graph, { outputs: opts.outputs, name: 'prefsim' });
  let optimizer: CheckpointMeta['optimizer'] = null;
  if (opts.trainer) {
    const o = opts.trainer.optimizer;
    const st = o.state();
    const names = opts.trainer.trainedNames;
    optimizer = {
      step: st.step,
      config: o.config as unknown as Record<string, unknown>,
      m: Object.fromEntries(names.map((n, k) => [n, f32ToBase64(st.m[k])])),
      v: Object.fromEntries(names.map((n, k) => [n, f32ToBase64(st.v[k])])),
    };
  }
  const meta: CheckpointMeta = {
    format: FORMAT,
    training: {},
    dataHash: '',
    metrics: {},
    ...opts.info,
    paramsHash: hashInitializers(spec.initializers),
    optimizer,
  };
  parseMeta(JSON.stringify(meta), 'checkpoint (save)');
  return encodeModel({ ...spec, metadata: { [META_KEY]: JSON.stringify(meta) } });
}

/** Writes a checkpoint file atomically (temp file, then rename). */
export function saveCheckpoint(path: string, graph: Graph, opts: SaveOptions): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, checkpointBytes(graph, opts));
  renameSync(tmp, path);
}

/** A checkpoint read back from bytes or a file. */
export interface Checkpoint {
  /** The ONNX bytes (give them to `openModel` or any ONNX runtime). */
  bytes: Uint8Array;
  meta: CheckpointMeta;
  /** Parameters by name. */
  params: Map<string, { shape: number[]; data: Float32Array }>;
  signature: Signature;
  spec: OnnxModelSpec;
}

function readSource(src: string | Uint8Array): { bytes: Uint8Array; where: string } {
  if (typeof src !== 'string') return { bytes: src, where: 'checkpoint' };
  try {
    return { bytes: new Uint8Array(readFileSync(src)), where: `checkpoint ${src}` };
  } catch (err) {
    throw new Error(`checkpoint ${src}: cannot read: ${(err as Error).message}`);
  }
}

/**
 * Reads and verifies a checkpoint. Throws with the reason if the file is corrupt, truncated,
 * lacks prefsim metadata, or (with `expect`) has the wrong signature.
 */
export function loadCheckpoint(src: string | Uint8Array, expect?: Signature): Checkpoint {
  const { bytes, where } = readSource(src);
  const spec = decodeModel(bytes, where);
  const json = spec.metadata[META_KEY];
  if (json === undefined)
    throw new Error(`${where}: no '${META_KEY}' entry in metadata_props (not a prefsim checkpoint, or truncated)`);
  const meta = parseMeta(json, where);
  const hash = hashInitializers(spec.initializers);
  if (hash !== meta.paramsHash)
    throw new Error(`${where}: parameter data does not match its recorded sha256 (file corrupt)`);
  const signature = { inputs: spec.inputs, outputs: spec.outputs };
  if (expect) checkSignature(where, expect, signature);
  const params = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const t of spec.initializers) {
    if (t.dtype === 'float32' && !t.name.startsWith('_'))
      params.set(t.name, { shape: t.dims, data: t.data as Float32Array });
  }
  return { bytes, meta, params, signature, spec };
}

/** Copies checkpoint parameters into a freshly built graph with the same architecture. */
export function restoreParams(graph: Graph, ckpt: Checkpoint): void {
  for (const p of graph.params()) {
    const saved = ckpt.params.get(p.name);
    if (!saved) throw new Error(`restoreParams: checkpoint has no parameter '${p.name}'`);
    if (fmtShape(saved.shape) !== fmtShape(p.shape))
      throw new Error(
        `restoreParams: '${p.name}' expected ${fmtShape(p.shape)}, checkpoint has ${fmtShape(saved.shape)}`,
      );
    p.data.set(saved.data);
  }
}

/** Restores the optimiser state recorded in `ckpt` into `trainer` (for resuming). */
export function restoreOptimizer(trainer: Trainer, ckpt: Checkpoint): void {
  const o = ckpt.meta.optimizer;
  if (!o) throw new Error('restoreOptimizer: the checkpoint holds no optimizer state (saved without a trainer)');
  const names = trainer.trainedNames;
  const pick = (rec: Record<string, string>, n: string) => {
    if (!(n in rec)) throw new Error(`restoreOptimizer: no moments for parameter '${n}'`);
    return base64ToF32(rec[n]);
  };
  trainer.optimizer.load({ step: o.step, m: names.map((n) => pick(o.m, n)), v: names.map((n) => pick(o.v, n)) });
}

/**
 * Opens any ONNX model for inference (prefsim checkpoints or external files). With `expect`,
 * the signature must match. Session runtime errors (bad nodes) are reported with the source.
 */
export async function openModel(
  src: string | Uint8Array,
  opts: SessionConfig & { expect?: Signature } = {},
): Promise<InferenceModel> {
  const { bytes, where } = readSource(src);
  const spec = decodeModel(bytes, where);
  if (opts.expect) checkSignature(where, opts.expect, { inputs: spec.inputs, outputs: spec.outputs });
  try {
    return await InferenceModel.create(bytes, spec.inputs, spec.outputs, opts, where);
  } catch (err) {
    throw new Error(`${where}: onnxruntime rejected the model: ${(err as Error).message}`);
  }
}
