/**
 * What does not move: the table, the workspace outline, the goal (circle, T or square) and the
 * keep-out zone, drawn flat just above the table so they read as marks on it.
 */
import * as THREE from 'three';
import type { SceneInfo } from '../../protocol/index.ts';

const LIFT = 0.0015;

export function makeOverlays(info: SceneInfo): { group: THREE.Group; dispose(): void } {
  const group = new THREE.Group();
  const owned: { dispose(): void }[] = [];
  const add = <T extends THREE.Object3D>(
    o: T & { geometry?: THREE.BufferGeometry; material?: THREE.Material | THREE.Material[] },
  ) => {
    if (o.geometry) owned.push(o.geometry);
    if (o.material && !Array.isArray(o.material)) owned.push(o.material);
    group.add(o);
    return o;
  };
  const table = add(
    new THREE.Mesh(
      new THREE.PlaneGeometry(2.4, 2.4),
      new THREE.MeshStandardMaterial({ color: 0xd8d2c4, roughness: 0.95 }),
    ),
  );
  table.receiveShadow = true;
  const h = info.workspace.half;
  add(
    outline(
      [
        [-h, -h],
        [h, -h],
        [h, h],
        [-h, h],
      ],
      0x9a927f,
    ),
  );
  const goal = info.goal;
  const goalColor = 0x2f9e44;
  if (goal?.shape === 'circle') {
    const ring = add(new THREE.Mesh(new THREE.RingGeometry(goal.r - 0.006, goal.r + 0.006, 96), flat(goalColor, 0.75)));
    ring.position.set(goal.cx, goal.cy, LIFT);
  } else if (goal?.shape === 't') {
    const t = new THREE.Group();
    for (const [cx, cy, hx, hy] of goal.rects) {
      const m = add(new THREE.Mesh(new THREE.PlaneGeometry(2 * hx, 2 * hy), flat(goalColor, 0.35)));
      m.position.set(cx, cy, 0);
      t.add(m);
    }
    t.add(add(outline(tOutline(goal.rects), goalColor)));
    t.position.set(goal.x, goal.y, LIFT);
    t.rotation.z = goal.theta;
    group.add(t);
  } else if (goal?.shape === 'square') {
    const s = goal.size / 2;
    const o = add(
      outline(
        [
          [-s, -s],
          [s, -s],
          [s, s],
          [-s, s],
        ],
        goalColor,
      ),
    );
    o.position.set(goal.cx, goal.cy, LIFT);
  } else if (goal?.shape === 'outline') {
    const o = add(outline(goal.points, goalColor));
    o.position.set(goal.cx, goal.cy, LIFT);
  }
  if (info.keepOut) {
    const k = info.keepOut;
    const zone = add(new THREE.Mesh(new THREE.PlaneGeometry(k.xMax - k.xMin, k.yMax - k.yMin), flat(0xe03131, 0.3)));
    zone.position.set((k.xMin + k.xMax) / 2, (k.yMin + k.yMax) / 2, LIFT * 2);
    const o = add(
      outline(
        [
          [k.xMin, k.yMin],
          [k.xMax, k.yMin],
          [k.xMax, k.yMax],
          [k.xMin, k.yMax],
        ],
        0xc92a2a,
      ),
    );
    o.position.z = LIFT * 2;
    // Hatching, so the zone reads as "do not enter" in grey-scale too.
    const pts: THREE.Vector3[] = [];
    const w = k.xMax - k.xMin,
      hgt = k.yMax - k.yMin;
    for (let d = 0.03; d < w + hgt; d += 0.03) {
      const x0 = k.xMin + Math.max(0, d - hgt),
        y0 = k.yMin + Math.min(d, hgt);
      const x1 = k.xMin + Math.min(d, w),
        y1 = k.yMin + Math.max(0, d - w);
      pts.push(new THREE.Vector3(x0, y0, LIFT * 2), new THREE.Vector3(x1, y1, LIFT * 2));
    }
    add(
      new THREE.LineSegments(
        new THREE.BufferGeometry().setFromPoints(pts),
        new THREE.LineBasicMaterial({ color: 0xc92a2a }),
      ),
    );
  }
  return { group, dispose: () => owned.forEach((o) => o.dispose()) };
}

function flat(color: number, opacity: number): THREE.MeshBasicMaterial {
  return new THREE.MeshBasicMaterial({ color, transparent: true, opacity, depthWrite: false, side: THREE.DoubleSide });
}

function outline(pts: [number, number][], color: number): THREE.LineLoop {
  const g = new THREE.BufferGeometry().setFromPoints(pts.map(([x, y]) => new THREE.Vector3(x, y, LIFT)));
  return new THREE.LineLoop(g, new THREE.LineBasicMaterial({ color }));
}

/** Outline of a T made of a stem rectangle (first) and a bar rectangle (second) on top of it. */
function tOutline(rects: [number, number, number, number][]): [number, number][] {
  const [[sx, sy, shx, shy], [bx, by, bhx, bhy]] = rects;
  const stemTop = sy + shy,
    barBottom = by - bhy;
  const y = Math.min(stemTop, barBottom);
  return [
    [sx - shx, sy - shy],
    [sx + shx, sy - shy],
    [sx + shx, y],
    [bx + bhx, y],
    [bx + bhx, by + bhy],
    [bx - bhx, by + bhy],
    [bx - bhx, y],
    [sx - shx, y],
  ];
}
