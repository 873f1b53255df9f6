/**
 * A plain description of an ONNX model, independent of the protobuf library: what the lowering
 * and the backward pass emit, and what encode.ts writes out.
 */
import type { ConstData } from '../graph/graph.ts';
import type { DType, Shape } from '../graph/shape.ts';

/** One ONNX attribute value, tagged by its protobuf field. */
export type OnnxAttr = { i: number } | { f: number } | { ints: number[] } | { floats: number[] } | { s: string };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, OnnxAttr>;
}

/** A tensor stored in the file (initializer). */
export interface OnnxInit {
  name: string;
  dtype: DType;
  dims: number[];
  data: ConstData;
}

/** A graph input or output signature. String dims are symbolic (dim_param). */
export interface OnnxIO {
  name: string;
  dtype: DType;
  shape: Shape;
}

export interface OnnxModelSpec {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxInit[];
  inputs: OnnxIO[];
  outputs: OnnxIO[];
  /** Key/value strings stored in ModelProto.metadata_props. */
  metadata: Record<string, string>;
}

/** ONNX opset the emitted graphs target (Reduce* take axes as an input from opset 18). */
export const OPSET = 18;
/** IR version written to files (IR 8 covers opset 18). */
export const IR_VERSION = 8;

/**
 * Collects ONNX nodes and constant initializers with fresh names. Used by the forward lowering
 * and by gradient rules, which may emit any ONNX op (Shape, Expand, ScatterND, ...).
 */
export class NodeSink {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInit[] = [];
  private count = 0;
  private readonly consts = new Map<string, string>();

  constructor(private readonly prefix: string) {}

  /** A fresh value name. */
  fresh(hint: string): string {
    return `${this.prefix}${hint}_${this.count++}`;
  }

  /** Emits one single-output node and returns its output name (or writes to `out`). */
  emit(op: string, inputs: string[], attrs?: Record<string, OnnxAttr>, out?: string): string {
    const o = out ?? this.fresh(op.toLowerCase());
    this.nodes.push({ op, inputs, outputs: [o], attrs });
    return o;
  }

  /** An int64 constant (1-D unless `dims` says otherwise), shared between uses. */
  i64(values: number[], dims: number[] = [values.length]): string {
    return this.constant('int64', dims, BigInt64Array.from(values.map(BigInt)));
  }

  /** A float32 constant; a single number gives a scalar. */
  f32(values: number | number[], dims?: number[]): string {
    const arr = typeof values === 'number' ? [values] : values;
    return this.constant('float32', dims ?? (typeof values === 'number' ? [] : [arr.length]), Float32Array.from(arr));
  }

  /** Adds a named initializer verbatim (no sharing). */
  addInit(init: OnnxInit): void {
    this.initializers.push(init);
  }

  private constant(dtype: 'int64' | 'float32', dims: number[], data: BigInt64Array | Float32Array): string {
    const key = `${dtype}|${dims.join(',')}|${Array.from(data as ArrayLike<number | bigint>).join(',')}`;
    const hit = this.consts.get(key);
    if (hit) return hit;
    const name = this.fresh(dtype === 'int64' ? 'ci' : 'cf');
    this.initializers.push({ name, dtype, dims, data });
    this.consts.set(key, name);
    return name;
  }
}
