/**
 * The rigid bodies of a frame, in the task's body slots (SceneInfo.slots: the object's bodies, then
 * wiper, pusher and the two grippers), each a mesh whose position and quaternion are set from the
 * [R, 7] pose rows.
 * Tools the task's primitive does not use, and tools parked off the table, are hidden.
 */
import * as THREE from 'three';
import type { SceneInfo } from '../../protocol/index.ts';

const PARK_XY = 0.85;

export class RigidBodies {
  readonly group = new THREE.Group();
  readonly #meshes: (THREE.Object3D | null)[] = [];
  readonly #owned: { dispose(): void }[] = [];

  constructor(info: SceneInfo, primitive: string) {
    // One entry per pose row, placed by the task's body slots; rows left null are not drawn.
    for (let b = 0; b < info.bodies; b++) {
      this.#meshes.push(b < info.objectBodies && info.block ? this.#block(info.block) : null);
    }
    const { slots, tools } = info;
    const tool = (slot: number, show: boolean, make: () => THREE.Object3D) => {
      if (show) this.#meshes[slot] = make();
    };
    const [wx, wy, wz] = tools.wiper;
    tool(slots.wiper, primitive === 'sweep', () => this.#box(2 * wx, 2 * wy, 2 * wz, 0x666f7a));
    tool(slots.pusher, primitive === 'push', () => this.#cylinder(tools.pusher[0], 2 * tools.pusher[1], 0x30363d));
    tool(slots.gripperL, primitive === 'pick_place' || primitive === 'fling', () => this.#gripper(0xf08c00));
    // Only a fling uses the second gripper; idle, it would hover over the scene.
    tool(slots.gripperR, primitive === 'fling', () => this.#gripper(0xd9480f));
    for (const m of this.#meshes) if (m) this.group.add(m);
  }

  /** `bodies`: [R, 7] x, y, z, qx, qy, qz, qw. */
  update(bodies: Float32Array): void {
    for (let b = 0; b < this.#meshes.length; b++) {
      const m = this.#meshes[b];
      if (!m) continue;
      const o = b * 7;
      m.position.set(bodies[o], bodies[o + 1], bodies[o + 2]);
      m.quaternion.set(bodies[o + 3], bodies[o + 4], bodies[o + 5], bodies[o + 6]);
      m.visible = !(bodies[o] > PARK_XY && bodies[o + 1] > PARK_XY);
    }
  }

  #block(block: NonNullable<SceneInfo['block']>): THREE.Object3D {
    const g = new THREE.Group();
    const material = new THREE.MeshStandardMaterial({ color: 0x5c7cfa, roughness: 0.45 });
    this.#owned.push(material);
    for (const [cx, cy, hx, hy] of block.rects) {
      const geo = new THREE.BoxGeometry(2 * hx, 2 * hy, block.height);
      this.#owned.push(geo);
      const m = new THREE.Mesh(geo, material);
      m.position.set(cx, cy, 0);
      m.castShadow = m.receiveShadow = true;
      g.add(m);
    }
    return g;
  }

  #box(x: number, y: number, z: number, color: number): THREE.Mesh {
    const geo = new THREE.BoxGeometry(x, y, z),
      mat = new THREE.MeshStandardMaterial({ color, roughness: 0.4, metalness: 0.3 });
    this.#owned.push(geo, mat);
    const m = new THREE.Mesh(geo, mat);
    m.castShadow = true;
    return m;
  }

  #cylinder(r: number, h: number, color: number): THREE.Mesh {
    const geo = new THREE.CylinderGeometry(r, r, h, 20).rotateX(Math.PI / 2);
    const mat = new THREE.MeshStandardMaterial({ color, roughness: 0.35, metalness: 0.4 });
    this.#owned.push(geo, mat);
    const m = new THREE.Mesh(geo, mat);
    m.castShadow = true;
    return m;
  }

  #gripper(color: number): THREE.Object3D {
    const g = new THREE.Group();
    const palm = this.#box(0.03, 0.03, 0.012, color);
    palm.position.z = 0.02;
    const geo = new THREE.ConeGeometry(0.008, 0.025, 12).rotateX(-Math.PI / 2);
    const mat = new THREE.MeshStandardMaterial({ color, roughness: 0.4 });
    this.#owned.push(geo, mat);
    const tip = new THREE.Mesh(geo, mat);
    tip.position.z = 0.004;
    tip.castShadow = true;
    g.add(palm, tip);
    return g;
  }

  dispose(): void {
    for (const o of this.#owned) o.dispose();
  }
}
