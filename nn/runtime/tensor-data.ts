/**
 * Run-time tensors: a typed array plus an explicit shape (STYLE.md §9), and their checks
 * against a graph signature.
 */
import * as ort from 'onnxruntime-node';
import { fmtShape, matchShape, type DType } from '../graph/shape.ts';
import type { OnnxIO } from '../onnx/ir.ts';

/** A concrete tensor: row-major data and its shape. */
export interface TensorData {
  data: Float32Array | BigInt64Array | Uint8Array;
  shape: readonly number[];
}

/** Makes a TensorData, checking that `data.length` matches `shape`. */
export function tensor(data: TensorData['data'], shape: readonly number[]): TensorData {
  const n = shape.reduce((p, d) => p * d, 1);
  if (data.length !== n) throw new Error(`tensor: shape ${fmtShape(shape)} needs ${n} values, got ${data.length}`);
  return { data, shape };
}

/** Named run-time tensors. */
export type Feeds = Record<string, TensorData>;

function dtypeOf(d: TensorData['data']): DType {
  return d instanceof Float32Array ? 'float32' : d instanceof BigInt64Array ? 'int64' : 'bool';
}

const ORT_TYPE = { float32: 'float32', int64: 'int64', bool: 'bool' } as const;

/** Wraps a TensorData as an ORT tensor without copying. */
export function toOrt(t: TensorData): ort.Tensor {
  return new ort.Tensor(ORT_TYPE[dtypeOf(t.data)], t.data, t.shape as number[]);
}

/** Copies an ORT output into a TensorData. */
export function fromOrt(t: ort.Tensor): TensorData {
  return { data: t.data as TensorData['data'], shape: t.dims as number[] };
}

/**
 * Checks `feeds` against `inputs`: same names, dtypes, and shapes (symbolic dims bound
 * consistently, so every 'B' is the same size). Throws naming the first problem.
 */
export function checkFeeds(what: string, inputs: readonly OnnxIO[], feeds: Feeds): void {
  const want = new Set(inputs.map((i) => i.name));
  const got = Object.keys(feeds);
  const extra = got.filter((k) => !want.has(k));
  const missing = inputs.filter((i) => !(i.name in feeds)).map((i) => i.name);
  if (extra.length || missing.length) {
    throw new Error(
      `${what}: feeds must be exactly {${[...want].join(', ')}}` +
        (missing.length ? `; missing ${missing.join(', ')}` : '') +
        (extra.length ? `; unexpected ${extra.join(', ')}` : ''),
    );
  }
  const bound = new Map<string, number>();
  for (const io of inputs) {
    const f = feeds[io.name];
    const dt = dtypeOf(f.data);
    if (dt !== io.dtype) throw new Error(`${what}: input '${io.name}' must be ${io.dtype}, got ${dt}`);
    const n = f.shape.reduce((p, d) => p * d, 1);
    if (n !== f.data.length)
      throw new Error(`${what}: input '${io.name}' has shape ${fmtShape(f.shape)} but ${f.data.length} values`);
    if (!matchShape(io.shape, f.shape, bound)) {
      const syms = [...bound].map(([k, v]) => `${k}=${v}`).join(', ');
      throw new Error(
        `${what}: input '${io.name}' expected shape ${fmtShape(io.shape)}, got ${fmtShape(f.shape)}` +
          `${syms ? ` (with ${syms})` : ''}`,
      );
    }
  }
}
