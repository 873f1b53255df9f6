import type { Rng } from '../../../sim/types.ts';
import type { Episode } from '../../../sim/recording/index.ts';

/** A random frame: P particles in a 0.6 m box, R bodies with unit quaternions. */
export function randomFrame(p: number, r: number, t: number, rng: Rng) {
  const particles = new Float32Array(3 * p).map(() => rng.uniform(-0.3, 0.3));
  const bodies = new Float32Array(7 * r);
  for (let i = 0; i < r; i++) {
    bodies[7 * i] = rng.uniform(-0.5, 0.5);
    bodies[7 * i + 1] = rng.uniform(-0.5, 0.5);
    bodies[7 * i + 2] = rng.uniform(0, 0.3);
    const q = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
    const n = Math.hypot(...q);
    for (let k = 0; k < 4; k++) bodies[7 * i + 3 + k] = q[k] / n;
  }
  return { t, particles, bodies };
}

/** A two-step episode with `f` frames split between the steps. */
export function episode(p: number, r: number, f: number, rng: Rng): Episode {
  const frames = Array.from({ length: f }, (_, i) => randomFrame(p, r, i / 30, rng));
  const half = Math.floor(f / 2);
  return {
    taskId: 'rope-circle',
    seed: 12345,
    initialMetrics: { iou: 0.2, chamfer: 0.05 },
    steps: [
      {
        action: { primitive: 'pick_place', p0: [0.1, 0.2, 0], p1: [0.3, -0.1, 0.05] },
        metrics: { iou: 0.4, chamfer: 0.03 },
        frameStart: 0,
        frameCount: half,
      },
      {
        action: { primitive: 'pick_place', p0: [-0.1, 0, 0], p1: [0, 0, 0] },
        metrics: { iou: 0.6, chamfer: 0.02 },
        frameStart: half,
        frameCount: f - half,
      },
    ],
    frames,
  };
}
