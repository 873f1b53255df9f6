/**
 * Shapes with symbolic dimensions. A dimension is a number (static) or a string (symbolic,
 * e.g. 'B' for the batch, resolved at run time), so one graph serves any batch size.
 */

/** One dimension: a static size, or a symbol such as 'B' (batch) or 'N' (points). */
export type Dim = number | string;
/** A tensor shape, outermost dimension first. `[]` is a scalar. */
export type Shape = readonly Dim[];
/** Element types the graph carries. Only float32 values are differentiable. */
export type DType = 'float32' | 'int64' | 'bool';

/** A shape or op error found while building a graph. The message names the op and the shapes. */
export class GraphError extends Error {
  override name = 'GraphError';
}

/** `[B,3]` style text for error messages. */
export function fmtShape(s: Shape): string {
  return `[${s.join(',')}]`;
}

/** True when two shapes are known to be equal (symbols compared by name). */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Numpy-style broadcast of several shapes; throws a GraphError naming `what` on mismatch. */
export function broadcastShapes(what: string, shapes: Shape[]): Dim[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: Dim[] = [];
  for (let i = 0; i < rank; i++) {
    let d: Dim = 1;
    for (const s of shapes) {
      const k = s.length - rank + i;
      if (k < 0) continue;
      const e = s[k];
      if (e === 1 || e === d) continue;
      if (d === 1) d = e;
      else {
        throw new GraphError(
          `${what}: shapes ${shapes.map(fmtShape).join(' and ')} do not broadcast (axis ${i - rank}: ${d} vs ${e})`,
        );
      }
    }
    out.push(d);
  }
  return out;
}

/**
 * Axes along which a gradient of shape `out` must be summed to get back to `operand`:
 * `lead` extra leading axes (dropped), `keep` axes where the operand has size 1 (kept as 1).
 */
export function unbroadcastAxes(operand: Shape, out: Shape): { lead: number[]; keep: number[] } {
  const extra = out.length - operand.length;
  const lead = Array.from({ length: extra }, (_, i) => i);
  const keep: number[] = [];
  operand.forEach((d, i) => {
    if (d === 1 && out[i + extra] !== 1) keep.push(i);
  });
  return { lead, keep };
}

/** Normalises a possibly negative axis for a tensor of rank `rank`; throws if out of range. */
export function normAxis(what: string, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(axis) || a < 0 || a >= rank) {
    throw new GraphError(`${what}: axis ${axis} is out of range for rank ${rank}`);
  }
  return a;
}

/** Normalises a list of axes (sorted, unique); throws on duplicates or out-of-range axes. */
export function normAxes(what: string, axes: readonly number[], rank: number): number[] {
  const out = axes.map((a) => normAxis(what, a, rank)).sort((x, y) => x - y);
  if (new Set(out).size !== out.length) throw new GraphError(`${what}: duplicate axes ${fmtShape(axes)}`);
  return out;
}

/** Product of static dims; symbolic dims make the product symbolic (joined with '*'). */
export function dimProduct(dims: readonly Dim[]): Dim {
  let n = 1;
  const syms: string[] = [];
  for (const d of dims) {
    if (typeof d === 'number') n *= d;
    else syms.push(d);
  }
  if (syms.length === 0) return n;
  return n === 1 ? syms.join('*') : `${syms.join('*')}*${n}`;
}

/** Concrete run-time shape check: does `actual` fit `expected` (symbols match anything ≥ 0, consistently)? */
export function matchShape(expected: Shape, actual: readonly number[], bound: Map<string, number>): boolean {
  if (expected.length !== actual.length) return false;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i],
      a = actual[i];
    if (typeof e === 'number') {
      if (e !== a) return false;
    } else {
      const b = bound.get(e);
      if (b === undefined) bound.set(e, a);
      else if (b !== a) return false;
    }
  }
  return true;
}
