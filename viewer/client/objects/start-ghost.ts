/**
 * The start state drawn faintly over an outcome (key g), so what the action changed shows in one
 * panel. A rigid block (push-T) is drawn as its outline and a translucent fill at its start pose;
 * particles (rope, cloth, granules) as points.
 */
import * as THREE from 'three';
import type { Frame } from '../../../sim/types.ts';
import type { SceneInfo } from '../../protocol/index.ts';

const COLOR = 0x364fc7;

export function makeStartGhost(start: Frame, info: SceneInfo): { object: THREE.Object3D; dispose(): void } {
  const made = info.block && info.objectBodies > 0 ? blockGhost(info.block, start.bodies) : pointGhost(start.particles);
  made.object.name = 'start-ghost';
  // Drawn last and untested against depth, so the start shows through the object that moved over it.
  made.object.renderOrder = 8;
  made.object.traverse((o) => {
    o.renderOrder = 8;
  });
  return made;
}

/** The block's rectangles at pose row 0 of `bodies` ([R, 7] x, y, z, qx, qy, qz, qw). */
function blockGhost(
  block: NonNullable<SceneInfo['block']>,
  bodies: Float32Array,
): { object: THREE.Object3D; dispose(): void } {
  const group = new THREE.Group();
  const owned: { dispose(): void }[] = [];
  const fill = new THREE.MeshBasicMaterial({ color: COLOR, transparent: true, opacity: 0.22, depthTest: false });
  const edge = new THREE.LineBasicMaterial({ color: COLOR, transparent: true, opacity: 0.9, depthTest: false });
  owned.push(fill, edge);
  for (const [cx, cy, hx, hy] of block.rects) {
    const box = new THREE.BoxGeometry(2 * hx, 2 * hy, block.height);
    const edges = new THREE.EdgesGeometry(box);
    owned.push(box, edges);
    const mesh = new THREE.Mesh(box, fill);
    const lines = new THREE.LineSegments(edges, edge);
    mesh.position.set(cx, cy, 0);
    lines.position.set(cx, cy, 0);
    group.add(mesh, lines);
  }
  group.position.set(bodies[0], bodies[1], bodies[2]);
  group.quaternion.set(bodies[3], bodies[4], bodies[5], bodies[6]);
  return {
    object: group,
    dispose: () => {
      for (const o of owned) o.dispose();
    },
  };
}

function pointGhost(particles: Float32Array): { object: THREE.Object3D; dispose(): void } {
  const g = new THREE.BufferGeometry();
  const lifted = Float32Array.from(particles);
  for (let i = 2; i < lifted.length; i += 3) lifted[i] += 0.002;
  g.setAttribute('position', new THREE.BufferAttribute(lifted, 3));
  const m = new THREE.PointsMaterial({
    color: COLOR,
    size: 3.5,
    sizeAttenuation: false,
    depthTest: false,
    transparent: true,
    opacity: 0.6,
  });
  return {
    object: new THREE.Points(g, m),
    dispose: () => {
      g.dispose();
      m.dispose();
    },
  };
}
