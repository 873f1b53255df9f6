/**
 * The start state drawn faintly over an outcome (key g), so what the action changed shows in one
 * panel: the start frame's particles (rope, cloth, granules, or the block's footprint points).
 */
import * as THREE from 'three';

export function makeStartGhost(particles: Float32Array): { object: THREE.Object3D; dispose(): void } {
  const g = new THREE.BufferGeometry();
  const lifted = Float32Array.from(particles);
  for (let i = 2; i < lifted.length; i += 3) lifted[i] += 0.002;
  g.setAttribute('position', new THREE.BufferAttribute(lifted, 3));
  const m = new THREE.PointsMaterial({
    color: 0x364fc7,
    size: 3.5,
    sizeAttenuation: false,
    depthTest: false,
    transparent: true,
    opacity: 0.6,
  });
  const object = new THREE.Points(g, m);
  object.name = 'start-ghost';
  // Drawn last and untested against depth, so the start shows through the object that moved over it.
  object.renderOrder = 8;
  return {
    object,
    dispose: () => {
      g.dispose();
      m.dispose();
    },
  };
}
