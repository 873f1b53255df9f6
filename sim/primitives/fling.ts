import type { Driver } from './driver.ts';
import { surfacePoint } from './surface.ts';
import type { Vec3 } from '../types.ts';

/**
 * Fling geometry (m) and speeds (m/s): both grippers lift the cloth above the workspace
 * centre, stretched along the grasp line, swing it forward, then lay it down moving back.
 */
export const FLING = {
  height: 0.36,
  maxSpread: 0.32,
  minSpread: 0.05,
  forward: 0.1,
  back: 0.28,
  layHeight: 0.015,
  liftSpeed: 1.0,
  swingSpeed: 1.5,
  laySpeed: 0.9,
} as const;

export function fling(d: Driver, left: Vec3, right: Vec3): void {
  const soft = d.soft();
  const [gl, gr] = d.grippers;
  const a = surfacePoint(soft, left[0], left[1]);
  const b = surfacePoint(soft, right[0], right[1]);
  if (!a && !b) return;
  if (a) {
    gl.place(a);
    gl.grasp(soft);
  }
  if (b) {
    gr.place(b);
    gr.grasp(soft);
  }
  const ax = a ?? b!,
    bx = b ?? a!;
  let ux = bx[0] - ax[0],
    uy = bx[1] - ax[1];
  const len = Math.hypot(ux, uy);
  if (len < 1e-6) {
    ux = 1;
    uy = 0;
  } else {
    ux /= len;
    uy /= len;
  }
  const spread = Math.min(FLING.maxSpread, Math.max(FLING.minSpread, len)) / 2;
  // The fling moves along the normal of the grasp line, away from the robot at -y.
  let nx = -uy,
    ny = ux;
  if (ny < 0) {
    nx = -nx;
    ny = -ny;
  }
  const h = FLING.height;
  const at = (s: number, along: number, z: number): Vec3 => [
    s * ux * spread + along * nx,
    s * uy * spread + along * ny,
    z,
  ];
  d.moveGrippers(
    [
      [ax[0], ax[1], h],
      [bx[0], bx[1], h],
    ],
    FLING.liftSpeed,
  );
  d.moveGrippers([at(-1, 0, h), at(1, 0, h)], FLING.liftSpeed);
  d.moveGrippers([at(-1, FLING.forward, h), at(1, FLING.forward, h)], FLING.swingSpeed);
  d.moveGrippers(
    [at(-1, FLING.forward - FLING.back, FLING.layHeight), at(1, FLING.forward - FLING.back, FLING.layHeight)],
    FLING.laySpeed,
  );
  gl.release(soft);
  gr.release(soft);
}
