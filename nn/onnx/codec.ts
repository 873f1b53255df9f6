/**
 * ModelProto bytes <-> OnnxModelSpec, through the `onnx-proto` protobuf classes. Decoding checks
 * structure and reports what is wrong (truncated bytes, missing graph, bad initializer sizes).
 */
import onnxPkg from 'onnx-proto';
import type { ConstData } from '../graph/graph.ts';
import type { Dim, DType } from '../graph/shape.ts';
import { IR_VERSION, OPSET, type OnnxAttr, type OnnxInit, type OnnxIO, type OnnxModelSpec } from './ir.ts';

const { onnx } = onnxPkg;
type IValueInfo = onnxPkg.onnx.IValueInfoProto;
type ITensor = onnxPkg.onnx.ITensorProto;

const DTYPE_CODE: Record<DType, number> = { float32: 1, int64: 7, bool: 9 };
const CODE_DTYPE = new Map<number, DType>([
  [1, 'float32'],
  [7, 'int64'],
  [9, 'bool'],
]);
const ELEM_BYTES: Record<DType, number> = { float32: 4, int64: 8, bool: 1 };

/** An ONNX file that cannot be used; the message says what is wrong. */
export class OnnxFormatError extends Error {
  override name = 'OnnxFormatError';
}

function bytesOf(d: ConstData): Uint8Array {
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

function valueInfo(io: OnnxIO): IValueInfo {
  const dim = io.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name: io.name, type: { tensorType: { elemType: DTYPE_CODE[io.dtype], shape: { dim } } } };
}

function tensorProto(t: OnnxInit): ITensor {
  return { name: t.name, dataType: DTYPE_CODE[t.dtype], dims: t.dims, rawData: bytesOf(t.data) };
}

function attrProto(name: string, a: OnnxAttr): onnxPkg.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if ('i' in a) return { name, type: T.INT, i: a.i };
  if ('f' in a) return { name, type: T.FLOAT, f: a.f };
  if ('ints' in a) return { name, type: T.INTS, ints: a.ints };
  if ('floats' in a) return { name, type: T.FLOATS, floats: a.floats };
  return { name, type: T.STRING, s: new TextEncoder().encode(a.s) };
}

/** Serialises a model to ONNX protobuf bytes. */
export function encodeModel(spec: OnnxModelSpec): Uint8Array {
  const graph: onnxPkg.onnx.IGraphProto = {
    name: spec.name,
    node: spec.nodes.map((n, k) => ({
      name: `n${k}`,
      opType: n.op,
      input: n.inputs,
      output: n.outputs,
      attribute: Object.entries(n.attrs ?? {}).map(([name, a]) => attrProto(name, a)),
    })),
    initializer: spec.initializers.map(tensorProto),
    input: spec.inputs.map(valueInfo),
    output: spec.outputs.map(valueInfo),
  };
  return onnx.ModelProto.encode({
    irVersion: IR_VERSION,
    producerName: 'prefsim-nn',
    opsetImport: [{ domain: '', version: OPSET }],
    graph,
    metadataProps: Object.entries(spec.metadata).map(([key, value]) => ({ key, value })),
  }).finish();
}

const num = (x: unknown): number => (typeof x === 'number' ? x : Number(String(x)));

function decodeIO(v: IValueInfo, where: string): OnnxIO {
  const tt = v.type?.tensorType;
  const dtype = CODE_DTYPE.get(tt?.elemType ?? -1);
  if (!v.name || !tt || !dtype)
    throw new OnnxFormatError(`${where}: value '${v.name ?? '?'}' is not a float32/int64/bool tensor`);
  const shape: Dim[] = (tt.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : num(d.dimValue ?? 0)));
  return { name: v.name, dtype, shape };
}

function decodeInit(t: ITensor, where: string): OnnxInit {
  const dtype = CODE_DTYPE.get(t.dataType ?? -1);
  const name = t.name ?? '?';
  if (!dtype) throw new OnnxFormatError(`${where}: initializer '${name}' has unsupported data type ${t.dataType}`);
  const dims = (t.dims ?? []).map(num);
  const n = dims.reduce((p, d) => p * d, 1);
  let data: ConstData;
  if (t.rawData && t.rawData.length > 0) {
    if (t.rawData.length !== n * ELEM_BYTES[dtype]) {
      throw new OnnxFormatError(
        `${where}: initializer '${name}' [${dims}] needs ${n * ELEM_BYTES[dtype]} bytes, found ${t.rawData.length}`,
      );
    }
    // A fresh, aligned copy: decoded bytes may be a Node Buffer view into a shared pool.
    const copy = new Uint8Array(t.rawData).buffer;
    data =
      dtype === 'float32' ? new Float32Array(copy) : dtype === 'int64' ? new BigInt64Array(copy) : new Uint8Array(copy);
  } else if (dtype === 'float32' && t.floatData && t.floatData.length === n) {
    data = Float32Array.from(t.floatData);
  } else if (dtype === 'int64' && t.int64Data && t.int64Data.length === n) {
    data = BigInt64Array.from(t.int64Data.map((x) => BigInt(String(x))));
  } else if (n === 0) {
    data = new Float32Array(0);
  } else {
    throw new OnnxFormatError(`${where}: initializer '${name}' [${dims}] has no data of the right size`);
  }
  return { name, dtype, dims, data };
}

/**
 * Parses ONNX bytes. Nodes are returned by op type only (enough for inspection); inputs,
 * outputs, initializers and metadata are complete.
 * @param where names the source (a path) in error messages
 */
export function decodeModel(bytes: Uint8Array, where = 'onnx model'): OnnxModelSpec {
  if (bytes.length === 0) throw new OnnxFormatError(`${where}: empty file`);
  let m: onnxPkg.onnx.ModelProto;
  try {
    m = onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new OnnxFormatError(
      `${where}: not a valid ONNX ModelProto (truncated or corrupt): ${(err as Error).message}`,
    );
  }
  const g = m.graph;
  if (!g) throw new OnnxFormatError(`${where}: ModelProto has no graph (truncated or not an ONNX file)`);
  if (!g.node || g.node.length === 0) throw new OnnxFormatError(`${where}: graph has no nodes`);
  if (!g.output || g.output.length === 0) throw new OnnxFormatError(`${where}: graph has no outputs`);
  const initializers = (g.initializer ?? []).map((t) => decodeInit(t, where));
  const initNames = new Set(initializers.map((t) => t.name));
  return {
    name: g.name ?? '',
    nodes: g.node.map((n) => ({ op: n.opType ?? '', inputs: n.input ?? [], outputs: n.output ?? [] })),
    initializers,
    inputs: (g.input ?? []).filter((v) => !initNames.has(v.name ?? '')).map((v) => decodeIO(v, where)),
    outputs: g.output.map((v) => decodeIO(v, where)),
    metadata: Object.fromEntries((m.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? ''])),
  };
}
