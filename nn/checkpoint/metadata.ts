/**
 * Checkpoint metadata, stored as JSON under the `prefsim` key of ModelProto.metadata_props and
 * validated with zod on load.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { OnnxInit } from '../onnx/ir.ts';
import { formatZodError } from '../../core/zod-error.ts';

/** The metadata_props key holding the JSON. */
export const META_KEY = 'prefsim';
export const FORMAT = 'prefsim-nn/1';

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 text');

export const OptimizerSnapshotSchema = z.object({
  step: z.number().int().min(0).describe('optimiser steps taken'),
  config: z.record(z.string(), z.unknown()).describe('OptimizerConfig used'),
  /** Per-parameter first and second moments, float32 little-endian, base64. */
  m: z.record(z.string(), Base64),
  v: z.record(z.string(), Base64),
});
export type OptimizerSnapshot = z.infer<typeof OptimizerSnapshotSchema>;

export const CheckpointMetaSchema = z.object({
  format: z.literal(FORMAT),
  architecture: z.record(z.string(), z.unknown()).describe('config that rebuilds the graph'),
  training: z.record(z.string(), z.unknown()).default({}).describe('training config (seed, batch size, ...)'),
  dataHash: z.string().default('').describe('hash of the training data'),
  metrics: z.record(z.string(), z.number()).default({}).describe('final metrics, e.g. loss'),
  paramsHash: z.string().length(64).describe('sha256 of every initializer (name, dims, bytes)'),
  optimizer: OptimizerSnapshotSchema.nullable().default(null).describe('state to resume training'),
});
export type CheckpointMeta = z.infer<typeof CheckpointMetaSchema>;
/** What a caller provides when saving (the hash and format are filled in). */
export type CheckpointInfo = Omit<z.input<typeof CheckpointMetaSchema>, 'format' | 'paramsHash' | 'optimizer'>;

/** sha256 over the initializers, in file order. */
export function hashInitializers(inits: readonly OnnxInit[]): string {
  const h = createHash('sha256');
  for (const t of inits) {
    h.update(`${t.name}|${t.dtype}|${t.dims.join(',')}|`);
    h.update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  }
  return h.digest('hex');
}

/** sha256 of arbitrary float data (e.g. a training set), for `dataHash`. */
export function hashData(...arrays: (Float32Array | BigInt64Array | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const a of arrays) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex');
}

export function f32ToBase64(a: Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

export function base64ToF32(s: string): Float32Array {
  const b = Buffer.from(s, 'base64');
  const out = new Float32Array(b.length / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** Parses the metadata JSON; errors name the bad field. */
export function parseMeta(json: string, where: string): CheckpointMeta {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error(`${where}: metadata '${META_KEY}' is not valid JSON`);
  }
  const r = CheckpointMetaSchema.safeParse(raw);
  if (!r.success) {
    const issues = formatZodError(r.error, { top: '(root)' });
    throw new Error(`${where}: invalid checkpoint metadata: ${issues}`);
  }
  return r.data;
}
