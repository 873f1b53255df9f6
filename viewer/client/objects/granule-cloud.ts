/** Granules as one InstancedMesh of spheres; matrices written straight into the instance buffer. */
import * as THREE from 'three';

export class GranuleCloud {
  readonly mesh: THREE.InstancedMesh;

  constructor(
    readonly count: number,
    radius: number,
    color: number,
  ) {
    const g = new THREE.SphereGeometry(radius, 10, 8);
    this.mesh = new THREE.InstancedMesh(g, new THREE.MeshStandardMaterial({ color, roughness: 0.6 }), count);
    this.mesh.instanceMatrix.setUsage(THREE.DynamicDrawUsage);
    this.mesh.castShadow = true;
    this.mesh.receiveShadow = true;
    this.mesh.frustumCulled = false;
    const m = this.mesh.instanceMatrix.array as Float32Array;
    for (let i = 0; i < count; i++) {
      m.fill(0, i * 16, i * 16 + 16);
      m[i * 16] = m[i * 16 + 5] = m[i * 16 + 10] = m[i * 16 + 15] = 1;
    }
  }

  update(p: Float32Array): void {
    const m = this.mesh.instanceMatrix.array as Float32Array;
    for (let i = 0; i < this.count; i++) {
      m[i * 16 + 12] = p[i * 3];
      m[i * 16 + 13] = p[i * 3 + 1];
      m[i * 16 + 14] = p[i * 3 + 2];
    }
    this.mesh.instanceMatrix.needsUpdate = true;
  }

  dispose(): void {
    this.mesh.geometry.dispose();
    (this.mesh.material as THREE.Material).dispose();
    this.mesh.dispose();
  }
}
