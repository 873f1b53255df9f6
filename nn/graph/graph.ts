/**
 * The forward graph as data: declared inputs, parameters with their values, constants and a
 * list of op nodes in build order (which is a topological order). `Tensor` is a handle to one
 * value with chainable op methods; every call checks shapes at once (see infer.ts).
 *
 * ```ts
 * const g = new Graph();
 * const x = g.input('x', ['B', 2]);                         // [B, 2]
 * const w = g.param('w', [2, 1], new Float32Array(2));
 * const y = x.matmul(w).sigmoid();                          // [B, 1]
 * g.output('y', y);
 * ```
 */
import { arity, INFER } from './infer.ts';
import type { GraphNode, OpAttrs, OpName } from './ops.ts';
import { fmtShape, GraphError, type Dim, type DType, type Shape } from './shape.ts';

/** How a value came to be. */
export type ValueKind = 'input' | 'param' | 'const' | 'node';

/** One value in the graph. `name` is its ONNX name. */
export interface Value {
  id: number;
  name: string;
  kind: ValueKind;
  shape: Shape;
  dtype: DType;
}

/** Constant data: float32, int64 or bool (Uint8Array). */
export type ConstData = Float32Array | BigInt64Array | Uint8Array;

/** User-given names start with a letter; names starting with '_' are reserved for generated values. */
const NAME_RE = /^[A-Za-z][A-Za-z0-9_./:-]*$/;

/** A forward graph under construction. */
export class Graph {
  readonly values: Value[] = [];
  readonly nodes: GraphNode[] = [];
  /** Parameter values (trainable), by value id. Mutated in place by optimisers. */
  readonly paramData = new Map<number, Float32Array>();
  readonly constData = new Map<number, ConstData>();
  /** Named outputs, in declaration order. */
  readonly outputs = new Map<string, number>();
  private readonly names = new Set<string>();

  private addValue(name: string, kind: ValueKind, shape: Shape, dtype: DType): Tensor {
    if (this.names.has(name)) throw new GraphError(`name '${name}' is already used in this graph`);
    this.names.add(name);
    const v: Value = { id: this.values.length, name, kind, shape: [...shape], dtype };
    this.values.push(v);
    return new Tensor(this, v.id);
  }

  private checkName(what: string, name: string): void {
    if (!NAME_RE.test(name)) throw new GraphError(`${what} name '${name}' must match ${NAME_RE}`);
  }

  /**
   * Declares a graph input. Use a string dim (e.g. 'B') for sizes known only at run time.
   * @param dtype element type, default float32 (int64 for Gather indices, bool for Where masks)
   */
  input(name: string, shape: Shape, dtype: DType = 'float32'): Tensor {
    this.checkName('input', name);
    shape.forEach((d) => {
      if (typeof d === 'number' && (!Number.isInteger(d) || d < 0))
        throw new GraphError(`input '${name}': bad dim ${d} in ${fmtShape(shape)}`);
    });
    return this.addValue(name, 'input', shape, dtype);
  }

  /** Declares a trainable float32 parameter with its initial value (length must match the static shape). */
  param(name: string, shape: readonly number[], init: Float32Array): Tensor {
    this.checkName('param', name);
    const n = shape.reduce((p, d) => p * d, 1);
    if (init.length !== n)
      throw new GraphError(`param '${name}': ${fmtShape(shape)} needs ${n} values, got ${init.length}`);
    const t = this.addValue(name, 'param', shape, 'float32');
    this.paramData.set(t.id, init);
    return t;
  }

  /** A constant tensor (not trained). A bare number gives a float32 scalar. */
  constant(data: ConstData | number, shape: readonly number[] = []): Tensor {
    const d = typeof data === 'number' ? new Float32Array([data]) : data;
    const n = shape.reduce((p, x) => p * x, 1);
    if (d.length !== n) throw new GraphError(`constant: ${fmtShape(shape)} needs ${n} values, got ${d.length}`);
    const dtype: DType = d instanceof Float32Array ? 'float32' : d instanceof BigInt64Array ? 'int64' : 'bool';
    const t = this.addValue(`_const_${this.values.length}`, 'const', shape, dtype);
    this.constData.set(t.id, d);
    return t;
  }

  /** Appends one op node after checking its operands' shapes; returns the result. */
  op<K extends OpName>(op: K, inputs: Tensor[], attrs: OpAttrs[K]): Tensor {
    const [lo, hi] = arity(op);
    if (inputs.length < lo || inputs.length > hi)
      throw new GraphError(`${op}: expects ${lo}..${hi} operands, got ${inputs.length}`);
    inputs.forEach((t) => {
      if (t.graph !== this) throw new GraphError(`${op}: operand belongs to another graph`);
    });
    const infos = inputs.map((t) => this.values[t.id]);
    const what = `${op} ${infos.map((v) => `${v.name}${fmtShape(v.shape)}`).join(' x ')}`;
    const { shape, dtype } = INFER[op](what, infos, attrs);
    const out = this.addValue(`_${op.toLowerCase()}_${this.values.length}`, 'node', shape, dtype);
    this.nodes.push({ op, inputs: inputs.map((t) => t.id), attrs, output: out.id } as GraphNode);
    return out;
  }

  /** Marks `t` as a named graph output (inference result). */
  output(name: string, t: Tensor): void {
    this.checkName('output', name);
    if (this.outputs.has(name)) throw new GraphError(`output '${name}' is already declared`);
    if (this.values.some((v) => v.name === name && v.id !== t.id))
      throw new GraphError(`output name '${name}' clashes with a value name`);
    this.outputs.set(name, t.id);
  }

  /** Concatenates along `axis`. */
  concat(ts: Tensor[], axis: number): Tensor {
    return this.op('Concat', ts, { axis });
  }

  /** cond ? a : b, broadcasting. */
  where(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
    return this.op('Where', [cond, this.lift(a), this.lift(b)], {});
  }

  /** y = alpha·op(a)·op(b) + beta·c (2-D). */
  gemm(a: Tensor, b: Tensor, c?: Tensor, o: Partial<OpAttrs['Gemm']> = {}): Tensor {
    const attrs = { transA: false, transB: false, alpha: 1, beta: 1, ...o };
    return this.op('Gemm', c ? [a, b, c] : [a, b], attrs);
  }

  /** All trainable parameters: name, shape and the live Float32Array. */
  params(): { name: string; shape: number[]; data: Float32Array }[] {
    return [...this.paramData].map(([id, data]) => ({
      name: this.values[id].name,
      shape: this.values[id].shape as number[],
      data,
    }));
  }

  /** The parameter tensor named `name` (throws if none). */
  paramByName(name: string): Tensor {
    const v = this.values.find((x) => x.kind === 'param' && x.name === name);
    if (!v) throw new GraphError(`no parameter named '${name}'`);
    return new Tensor(this, v.id);
  }

  /** Number of trainable scalars. */
  paramCount(): number {
    let n = 0;
    for (const d of this.paramData.values()) n += d.length;
    return n;
  }

  /** Numbers become float32 scalar constants. */
  lift(x: Tensor | number): Tensor {
    return typeof x === 'number' ? this.constant(x) : x;
  }
}

/** A handle to one value of a Graph, with chainable ops. Shapes are checked when called. */
export class Tensor {
  constructor(
    readonly graph: Graph,
    readonly id: number,
  ) {}

  get shape(): Shape {
    return this.graph.values[this.id].shape;
  }
  get dtype(): DType {
    return this.graph.values[this.id].dtype;
  }
  get name(): string {
    return this.graph.values[this.id].name;
  }
  get rank(): number {
    return this.shape.length;
  }

  private un(op: OpName): Tensor {
    return this.graph.op(op as 'Neg', [this], {});
  }
  private bin(op: 'Add' | 'Sub' | 'Mul' | 'Div' | 'Pow' | 'Greater' | 'Less' | 'Equal', o: Tensor | number): Tensor {
    return this.graph.op(op, [this, this.graph.lift(o)], {});
  }

  add(o: Tensor | number): Tensor {
    return this.bin('Add', o);
  }
  sub(o: Tensor | number): Tensor {
    return this.bin('Sub', o);
  }
  mul(o: Tensor | number): Tensor {
    return this.bin('Mul', o);
  }
  div(o: Tensor | number): Tensor {
    return this.bin('Div', o);
  }
  pow(o: Tensor | number): Tensor {
    return this.bin('Pow', o);
  }
  gt(o: Tensor | number): Tensor {
    return this.bin('Greater', o);
  }
  lt(o: Tensor | number): Tensor {
    return this.bin('Less', o);
  }
  eq(o: Tensor | number): Tensor {
    return this.bin('Equal', o);
  }
  /** x·x (a Mul, so its gradient is exact). */
  square(): Tensor {
    return this.mul(this);
  }
  neg(): Tensor {
    return this.un('Neg');
  }
  sqrt(): Tensor {
    return this.un('Sqrt');
  }
  relu(): Tensor {
    return this.un('Relu');
  }
  sigmoid(): Tensor {
    return this.un('Sigmoid');
  }
  tanh(): Tensor {
    return this.un('Tanh');
  }
  softplus(): Tensor {
    return this.un('Softplus');
  }
  exp(): Tensor {
    return this.un('Exp');
  }
  log(): Tensor {
    return this.un('Log');
  }
  sin(): Tensor {
    return this.un('Sin');
  }
  cos(): Tensor {
    return this.un('Cos');
  }
  /** Batched matrix product: [..., M, K] x [..., K, N] → [..., M, N]. */
  matmul(o: Tensor): Tensor {
    return this.graph.op('MatMul', [this, o], {});
  }
  /** Sum over `axes` (default: all). */
  sum(axes?: number[], keepdims = false): Tensor {
    return this.graph.op('ReduceSum', [this], { axes: axes ?? this.allAxes(), keepdims });
  }
  /** Mean over `axes` (default: all). */
  mean(axes?: number[], keepdims = false): Tensor {
    return this.graph.op('ReduceMean', [this], { axes: axes ?? this.allAxes(), keepdims });
  }
  /** Max over `axes` (default: all); gradient goes to the arg-max (split evenly on ties). */
  max(axes?: number[], keepdims = false): Tensor {
    return this.graph.op('ReduceMax', [this], { axes: axes ?? this.allAxes(), keepdims });
  }
  /** ONNX reshape: 0 copies the input dim, -1 is inferred. */
  reshape(shape: number[]): Tensor {
    return this.graph.op('Reshape', [this], { shape });
  }
  transpose(perm: number[]): Tensor {
    return this.graph.op('Transpose', [this], { perm });
  }
  unsqueeze(axes: number[]): Tensor {
    return this.graph.op('Unsqueeze', [this], { axes });
  }
  squeeze(axes: number[]): Tensor {
    return this.graph.op('Squeeze', [this], { axes });
  }
  expand(shape: number[]): Tensor {
    return this.graph.op('Expand', [this], { shape });
  }
  /** Step-1 slice of static axes, ends exclusive. */
  slice(starts: number[], ends: number[], axes: number[]): Tensor {
    return this.graph.op('Slice', [this], { starts, ends, axes });
  }
  /** Picks entries along `axis` with int64 `indices`. */
  gather(indices: Tensor, axis = 0): Tensor {
    return this.graph.op('Gather', [this, indices], { axis });
  }
  softmax(axis = -1): Tensor {
    return this.graph.op('Softmax', [this], { axis });
  }
  logSoftmax(axis = -1): Tensor {
    return this.graph.op('LogSoftmax', [this], { axis });
  }

  private allAxes(): number[] {
    return this.shape.map((_, i) => i);
  }
}

export type { Dim, DType, Shape };
