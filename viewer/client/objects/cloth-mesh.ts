/**
 * A cloth (square or garment) as a shaded, double-sided mesh over the triangles the server sends.
 * Positions and per-vertex normals are rewritten in place each frame; a checker of two colours over
 * the lattice cells makes folds and which way the cloth lies readable.
 */
import * as THREE from 'three';

export class ClothMesh {
  readonly mesh: THREE.Mesh;
  readonly #pos: Float32Array;
  readonly #nrm: Float32Array;
  readonly #index: Uint16Array;
  readonly #geometry: THREE.BufferGeometry;

  /** `triangles`: particle indices, three per triangle; `cells`: [P, 2] lattice (column, row). */
  constructor(triangles: readonly number[], cells: readonly number[]) {
    const n = cells.length / 2;
    this.#pos = new Float32Array(n * 3);
    this.#nrm = new Float32Array(n * 3);
    const colors = new Float32Array(n * 3);
    for (let p = 0; p < n; p++) {
      const check = ((cells[2 * p] >> 2) + (cells[2 * p + 1] >> 2)) % 2 === 0;
      colors.set(check ? [0.18, 0.45, 0.85] : [0.93, 0.93, 0.95], p * 3);
    }
    this.#index = Uint16Array.from(triangles);
    const g = new THREE.BufferGeometry();
    g.setIndex(new THREE.BufferAttribute(this.#index, 1));
    g.setAttribute('position', new THREE.BufferAttribute(this.#pos, 3).setUsage(THREE.DynamicDrawUsage));
    g.setAttribute('normal', new THREE.BufferAttribute(this.#nrm, 3).setUsage(THREE.DynamicDrawUsage));
    g.setAttribute('color', new THREE.BufferAttribute(colors, 3));
    this.#geometry = g;
    const material = new THREE.MeshStandardMaterial({ vertexColors: true, side: THREE.DoubleSide, roughness: 0.8 });
    this.mesh = new THREE.Mesh(g, material);
    this.mesh.castShadow = true;
    this.mesh.receiveShadow = true;
    this.mesh.frustumCulled = false;
  }

  /** `p`: [P, 3] world positions. */
  update(p: Float32Array): void {
    const pos = this.#pos,
      nrm = this.#nrm,
      idx = this.#index;
    pos.set(p.subarray(0, pos.length));
    nrm.fill(0);
    for (let f = 0; f < idx.length; f += 3) {
      const a = idx[f] * 3,
        b = idx[f + 1] * 3,
        c = idx[f + 2] * 3;
      const ux = pos[b] - pos[a],
        uy = pos[b + 1] - pos[a + 1],
        uz = pos[b + 2] - pos[a + 2];
      const vx = pos[c] - pos[a],
        vy = pos[c + 1] - pos[a + 1],
        vz = pos[c + 2] - pos[a + 2];
      // Area-weighted face normal (u × v, matching the triangle winding), accumulated at its corners.
      const nx = uy * vz - uz * vy,
        ny = uz * vx - ux * vz,
        nz = ux * vy - uy * vx;
      nrm[a] += nx;
      nrm[a + 1] += ny;
      nrm[a + 2] += nz;
      nrm[b] += nx;
      nrm[b + 1] += ny;
      nrm[b + 2] += nz;
      nrm[c] += nx;
      nrm[c + 1] += ny;
      nrm[c + 2] += nz;
    }
    for (let v = 0; v < nrm.length; v += 3) {
      const l = Math.hypot(nrm[v], nrm[v + 1], nrm[v + 2]) || 1;
      nrm[v] /= l;
      nrm[v + 1] /= l;
      nrm[v + 2] /= l;
    }
    this.#geometry.attributes.position.needsUpdate = true;
    this.#geometry.attributes.normal.needsUpdate = true;
  }

  dispose(): void {
    this.#geometry.dispose();
    (this.mesh.material as THREE.Material).dispose();
  }
}
