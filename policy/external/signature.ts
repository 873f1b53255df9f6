/**
 * The documented signature of an external ONNX noise network (e.g. trained in PyTorch and
 * exported with `torch.onnx.export(..., dynamic_axes=...)`):
 *
 * | name           | dtype            | shape      |
 * | -------------- | ---------------- | ---------- |
 * | `obs_points`   | float32          | [B, P, 3]  | input: normalised point cloud (METHODS.md §1)
 * | `noisy_action` | float32          | [B, 6]     | input: a_t in the model's action space
 * | `t`            | int64 or float32 | [B]        | input: diffusion step, 0 … T−1
 * | `eps`          | float32          | [B, 6]     | output: predicted noise ε̂
 *
 * B and P must be dynamic (any symbolic name); 3 and 6 must be static. Extra inputs or outputs
 * are refused. The schedule is the squared-cosine one with T = 100 unless the caller says
 * otherwise; the action space is the normalised frame mapped by an optional range (see
 * external-policy.ts).
 */
import { fmtShape, type OnnxIO } from '../../nn/index.ts';

type Dim = 'dyn' | number;
interface Want {
  name: string;
  dtypes: readonly string[];
  dims: readonly Dim[];
}

export const EXTERNAL_INPUTS: readonly Want[] = [
  { name: 'obs_points', dtypes: ['float32'], dims: ['dyn', 'dyn', 3] },
  { name: 'noisy_action', dtypes: ['float32'], dims: ['dyn', 6] },
  { name: 't', dtypes: ['int64', 'float32'], dims: ['dyn'] },
];
export const EXTERNAL_OUTPUTS: readonly Want[] = [{ name: 'eps', dtypes: ['float32'], dims: ['dyn', 6] }];

const fmtWant = (w: Want) =>
  `${w.name}: ${w.dtypes.join('|')}[${w.dims.map((d, i) => (d === 'dyn' ? (['B', 'P'][i] ?? '?') : d)).join(',')}]`;
const fmtFound = (v: OnnxIO) => `${v.name}: ${v.dtype}${fmtShape(v.shape)}`;

/** The expected signature as text, for messages and docs. */
export function expectedSignatureText(): string {
  return (
    `inputs {${EXTERNAL_INPUTS.map(fmtWant).join(', ')}} outputs {${EXTERNAL_OUTPUTS.map(fmtWant).join(', ')}` +
    `} (B, P dynamic)`
  );
}

/** A static dim is a number > 0; symbolic names and unknown (0) dims are dynamic. */
function dimOk(want: Dim, got: string | number): boolean {
  const dynamic = typeof got === 'string' || got === 0;
  return want === 'dyn' ? dynamic : got === want;
}

/**
 * Checks a model's inputs and outputs against the external-policy signature; throws with the
 * expected and the found signature and each problem. Returns the dtype of `t`.
 */
export function checkExternalSignature(
  where: string,
  inputs: readonly OnnxIO[],
  outputs: readonly OnnxIO[],
): { tDtype: 'int64' | 'float32' } {
  const problems: string[] = [];
  const check = (side: string, wants: readonly Want[], found: readonly OnnxIO[]) => {
    const byName = new Map(found.map((v) => [v.name, v]));
    for (const w of wants) {
      const f = byName.get(w.name);
      if (!f) {
        problems.push(`missing ${side} '${w.name}'`);
        continue;
      }
      if (!w.dtypes.includes(f.dtype))
        problems.push(`${side} '${w.name}' has dtype ${f.dtype}, expected ${w.dtypes.join(' or ')}`);
      if (f.shape.length !== w.dims.length || !w.dims.every((d, i) => dimOk(d, f.shape[i]))) {
        problems.push(
          `${side} '${w.name}' has shape ${fmtShape(f.shape)}, expected ${fmtWant(w)
            .split(': ')[1]
            .replace(/^[a-z0-9|]+/, '')}`,
        );
      }
    }
    for (const f of found) if (!wants.some((w) => w.name === f.name)) problems.push(`unexpected ${side} '${f.name}'`);
  };
  check('input', EXTERNAL_INPUTS, inputs);
  check('output', EXTERNAL_OUTPUTS, outputs);
  if (problems.length) {
    throw new Error(
      `${where}: wrong external policy signature: ${problems.join('; ')}.\n` +
        `  expected: ${expectedSignatureText()}\n` +
        `  found:    inputs {${inputs.map(fmtFound).join(', ')}} outputs {${outputs.map(fmtFound).join(', ')}}`,
    );
  }
  return { tDtype: inputs.find((i) => i.name === 't')!.dtype as 'int64' | 'float32' };
}
