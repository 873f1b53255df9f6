/**
 * The rope as a tube through its particles, rebuilt in place every frame: vertices and normals
 * of a fixed-size BufferGeometry are rewritten from parallel-transported frames (no allocation).
 */
import * as THREE from 'three';

const RADIAL = 10;

export class RopeTube {
  readonly mesh: THREE.Mesh;
  readonly #pos: Float32Array;
  readonly #nrm: Float32Array;
  readonly #geometry: THREE.BufferGeometry;

  constructor(
    readonly particles: number,
    readonly radius: number,
    color: number,
  ) {
    const n = particles;
    this.#pos = new Float32Array(n * RADIAL * 3);
    this.#nrm = new Float32Array(n * RADIAL * 3);
    const index: number[] = [];
    for (let i = 0; i < n - 1; i++) {
      for (let k = 0; k < RADIAL; k++) {
        const a = i * RADIAL + k,
          b = i * RADIAL + ((k + 1) % RADIAL),
          c = a + RADIAL,
          d = b + RADIAL;
        // Counter-clockwise seen from outside, so the outer faces are the front faces (lit, not culled).
        index.push(a, b, c, b, d, c);
      }
    }
    const g = new THREE.BufferGeometry();
    g.setIndex(index);
    g.setAttribute('position', new THREE.BufferAttribute(this.#pos, 3).setUsage(THREE.DynamicDrawUsage));
    g.setAttribute('normal', new THREE.BufferAttribute(this.#nrm, 3).setUsage(THREE.DynamicDrawUsage));
    this.#geometry = g;
    this.mesh = new THREE.Mesh(g, new THREE.MeshStandardMaterial({ color, roughness: 0.55, metalness: 0.05 }));
    this.mesh.castShadow = true;
    this.mesh.receiveShadow = true;
    this.mesh.frustumCulled = false;
  }

  /** `p`: [P, 3] particle centres, world metres. */
  update(p: Float32Array): void {
    const n = this.particles,
      r = this.radius;
    // Reference normal: world z, unless the tangent is nearly vertical.
    let nx = 0,
      ny = 0,
      nz = 1;
    for (let i = 0; i < n; i++) {
      const i0 = Math.max(0, i - 1) * 3,
        i1 = Math.min(n - 1, i + 1) * 3;
      let tx = p[i1] - p[i0],
        ty = p[i1 + 1] - p[i0 + 1],
        tz = p[i1 + 2] - p[i0 + 2];
      const tl = Math.hypot(tx, ty, tz) || 1;
      tx /= tl;
      ty /= tl;
      tz /= tl;
      // Parallel transport: remove the tangent component of the previous normal.
      const d = nx * tx + ny * ty + nz * tz;
      nx -= d * tx;
      ny -= d * ty;
      nz -= d * tz;
      let nl = Math.hypot(nx, ny, nz);
      if (nl < 1e-6) {
        nx = -ty;
        ny = tx;
        nz = 0;
        nl = Math.hypot(nx, ny) || 1;
      }
      nx /= nl;
      ny /= nl;
      nz /= nl;
      const bx = ty * nz - tz * ny,
        by = tz * nx - tx * nz,
        bz = tx * ny - ty * nx;
      for (let k = 0; k < RADIAL; k++) {
        const a = (k / RADIAL) * Math.PI * 2,
          c = Math.cos(a),
          s = Math.sin(a);
        const ox = c * nx + s * bx,
          oy = c * ny + s * by,
          oz = c * nz + s * bz;
        const v = (i * RADIAL + k) * 3;
        this.#nrm[v] = ox;
        this.#nrm[v + 1] = oy;
        this.#nrm[v + 2] = oz;
        this.#pos[v] = p[i * 3] + r * ox;
        this.#pos[v + 1] = p[i * 3 + 1] + r * oy;
        this.#pos[v + 2] = p[i * 3 + 2] + r * oz;
      }
    }
    this.#geometry.attributes.position.needsUpdate = true;
    this.#geometry.attributes.normal.needsUpdate = true;
  }

  dispose(): void {
    this.#geometry.dispose();
    (this.mesh.material as THREE.Material).dispose();
  }
}
