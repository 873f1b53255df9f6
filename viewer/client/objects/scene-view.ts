/**
 * Everything drawn for one outcome: lights, table and overlays, the object (tube, cloth mesh,
 * instanced granules or footprint points of a rigid block) and the rigid bodies, updated from one
 * Frame at a time. `show(frame)` writes buffers in place; nothing is allocated per frame.
 */
import * as THREE from 'three';
import type { Frame } from '../../../sim/types.ts';
import type { SceneInfo } from '../../protocol/index.ts';
import { ClothMesh } from './cloth-mesh.ts';
import { GranuleCloud } from './granule-cloud.ts';
import { makeOverlays } from './overlays.ts';
import { RigidBodies } from './rigid-bodies.ts';
import { RopeTube } from './rope-tube.ts';

export class SceneView {
  readonly scene = new THREE.Scene();
  #object: RopeTube | ClothMesh | GranuleCloud | null = null;
  readonly #bodies: RigidBodies;
  readonly #overlays: { group: THREE.Group; dispose(): void };
  #shown: Frame | null = null;
  readonly #extra: { dispose(): void }[] = [];

  constructor(
    readonly info: SceneInfo,
    primitive: string,
  ) {
    this.scene.background = new THREE.Color(0xf1f3f5);
    const hemi = new THREE.HemisphereLight(0xffffff, 0x8d8574, 1.4);
    hemi.position.set(0, 0, 1);
    const sun = new THREE.DirectionalLight(0xffffff, 2.2);
    sun.position.set(-0.35, -0.25, 1.1);
    sun.castShadow = true;
    sun.shadow.mapSize.set(1024, 1024);
    const s = sun.shadow.camera;
    s.left = s.bottom = -0.6;
    s.right = s.top = 0.6;
    s.near = 0.1;
    s.far = 3;
    sun.shadow.bias = -0.0005;
    sun.shadow.normalBias = 0.002;
    this.scene.add(hemi, sun);
    this.#overlays = makeOverlays(info);
    this.scene.add(this.#overlays.group);
    if (info.kind === 'rope') this.#object = new RopeTube(info.particles, info.radius, 0xc2255c);
    else if (info.kind === 'cloth' && info.mesh) this.#object = new ClothMesh(info.mesh.triangles, info.mesh.cells);
    else if (info.kind === 'granules') this.#object = new GranuleCloud(info.particles, info.radius, 0xb08968);
    if (this.#object) this.scene.add(this.#object.mesh);
    this.#bodies = new RigidBodies(info, primitive);
    this.scene.add(this.#bodies.group);
  }

  /** Adds an owned object (arrows, point clouds) that is disposed with the view. */
  add(o: { object: THREE.Object3D; dispose(): void }): void {
    this.scene.add(o.object);
    this.#extra.push(o);
  }

  /** Draws `frame` unless it is already shown; true when the view changed. */
  show(frame: Frame): boolean {
    if (frame === this.#shown) return false;
    this.#shown = frame;
    this.#object?.update(frame.particles);
    this.#bodies.update(frame.bodies);
    return true;
  }

  dispose(): void {
    this.#object?.dispose();
    this.#bodies.dispose();
    this.#overlays.dispose();
    for (const e of this.#extra) e.dispose();
  }
}

/** The observation as points (ranking flow's "current point cloud"), from a frame's particles. */
export function makePointCloud(particles: Float32Array, color = 0x212529): { object: THREE.Object3D; dispose(): void } {
  const g = new THREE.BufferGeometry();
  const lifted = Float32Array.from(particles);
  for (let i = 2; i < lifted.length; i += 3) lifted[i] += 0.004;
  g.setAttribute('position', new THREE.BufferAttribute(lifted, 3));
  const m = new THREE.PointsMaterial({
    color,
    size: 3,
    sizeAttenuation: false,
    depthTest: false,
    transparent: true,
    opacity: 0.55,
  });
  return {
    object: new THREE.Points(g, m),
    dispose: () => {
      g.dispose();
      m.dispose();
    },
  };
}
