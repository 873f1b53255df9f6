import type { Rng } from '../../../sim/types.ts';

/** A [rows·cols, 3] lattice with `spacing` metres between neighbours, starting at (x0, y0), z. */
export function lattice(rows: number, cols: number, spacing: number, x0 = 0, y0 = 0, z = 0): Float32Array {
  const out = new Float32Array(3 * rows * cols);
  for (let j = 0; j < rows; j++)
    for (let i = 0; i < cols; i++) {
      const k = 3 * (j * cols + i);
      out[k] = x0 + i * spacing;
      out[k + 1] = y0 + j * spacing;
      out[k + 2] = z;
    }
  return out;
}

/** `n` random points in an L shape (asymmetric under every rotation), scale ~0.2 m. */
export function lShape(n: number, rng: Rng): Float32Array {
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    const onArm = rng.next() < 0.5;
    out[3 * i] = onArm ? rng.uniform(0, 0.2) : rng.uniform(0, 0.04);
    out[3 * i + 1] = onArm ? rng.uniform(0, 0.04) : rng.uniform(0, 0.12);
    out[3 * i + 2] = rng.uniform(0, 0.01);
  }
  return out;
}

/** Rotates about z by `angle` radians and then translates by `t`, as float32. */
export function transformed(p: Float32Array, angle: number, t: [number, number, number] = [0, 0, 0]): Float32Array {
  const c = Math.cos(angle),
    s = Math.sin(angle);
  const out = new Float32Array(p.length);
  for (let i = 0; i < p.length; i += 3) {
    out[i] = p[i] * c - p[i + 1] * s + t[0];
    out[i + 1] = p[i] * s + p[i + 1] * c + t[1];
    out[i + 2] = p[i + 2] + t[2];
  }
  return out;
}

/** Random points uniform in a box [0, w]×[0, h]×[0, d]. */
export function randomCloud(n: number, rng: Rng, w = 0.3, h = 0.2, d = 0.02): Float32Array {
  const out = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) {
    out[3 * i] = rng.uniform(0, w);
    out[3 * i + 1] = rng.uniform(0, h);
    out[3 * i + 2] = rng.uniform(0, d);
  }
  return out;
}
