/** A candidate action as an arrow from p0 to p1 (world metres), lifted above the table, with a number tag. */
import * as THREE from 'three';
import type { Action } from '../../../sim/types.ts';

export const CANDIDATE_COLORS = [0xe8590c, 0x1c7ed6, 0x37b24d, 0xae3ec9, 0xf59f00, 0x0ca678, 0xd6336c, 0x495057];

export function makeActionArrow(a: Action, color: number, tag: string | null): { object: THREE.Object3D; dispose(): void } {
  const g = new THREE.Group();
  const lift = 0.03;
  const from = new THREE.Vector3(a.p0[0], a.p0[1], Math.max(a.p0[2], 0) + lift);
  const to = new THREE.Vector3(a.p1[0], a.p1[1], Math.max(a.p1[2], 0) + lift);
  const dir = to.clone().sub(from);
  const len = Math.max(dir.length(), 1e-3);
  // Shaft and head as meshes drawn over everything, so a candidate's move is never hidden by the block.
  const onTop = new THREE.MeshBasicMaterial({ color, depthTest: false, transparent: true, opacity: 0.9 });
  const headLen = Math.min(0.035, len * 0.45);
  const shaftGeo = new THREE.CylinderGeometry(0.0035, 0.0035, Math.max(len - headLen, 1e-3), 10).rotateX(Math.PI / 2);
  const headGeo = new THREE.ConeGeometry(0.012, headLen, 14).rotateX(Math.PI / 2);
  const shaft = new THREE.Mesh(shaftGeo, onTop);
  const head = new THREE.Mesh(headGeo, onTop);
  const unit = dir.clone().normalize();
  shaft.position.copy(from).addScaledVector(unit, (len - headLen) / 2);
  head.position.copy(from).addScaledVector(unit, len - headLen / 2);
  shaft.lookAt(shaft.position.clone().add(unit));
  head.lookAt(head.position.clone().add(unit));
  shaft.renderOrder = head.renderOrder = 9;
  g.add(shaft, head);
  const start = new THREE.Mesh(new THREE.SphereGeometry(0.007, 12, 8), onTop);
  start.renderOrder = 9;
  start.position.copy(from);
  g.add(start);
  let texture: THREE.CanvasTexture | null = null;
  let sprite: THREE.Sprite | null = null;
  if (tag !== null) {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 64;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = `#${color.toString(16).padStart(6, '0')}`;
    ctx.beginPath(); ctx.arc(32, 32, 30, 0, Math.PI * 2); ctx.fill();
    ctx.fillStyle = '#fff'; ctx.font = 'bold 40px sans-serif'; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
    ctx.fillText(tag, 32, 34);
    texture = new THREE.CanvasTexture(canvas);
    sprite = new THREE.Sprite(new THREE.SpriteMaterial({ map: texture, depthTest: false }));
    sprite.scale.set(0.04, 0.04, 1);
    sprite.position.copy(from).add(new THREE.Vector3(0, 0, 0.03));
    sprite.renderOrder = 10;
    g.add(sprite);
  }
  return {
    object: g,
    dispose: () => {
      shaftGeo.dispose();
      headGeo.dispose();
      start.geometry.dispose();
      onTop.dispose();
      texture?.dispose();
      sprite?.material.dispose();
    },
  };
}
