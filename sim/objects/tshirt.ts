import { RAPIER, type World } from '../physics/index.ts';
import { latticeMesh, type LatticeMesh, type Outline } from './lattice-mesh.ts';
import { SoftObject } from './soft-object.ts';

/**
 * A short-sleeved T-shirt laid flat, as one layer of cloth cut to the shirt's outline (DeformPAM's
 * third task). Lengths in metres, masses in kg.
 *
 * Why one layer, measured: a front and back sharing the 54 seam particles of the sides, underarms
 * and shoulders (862 particles) stayed healthy through the crumple, but without self contacts its
 * layers pass through each other (a heavier single sheet), and with them the crumple took 8× the
 * CPU time (25 s against 3.1 s), far past the 400 ms a fling may take.
 */
export interface TShirtSpec {
  /** Lattice spacing, metres (default 0.3/23, the square cloth's). */
  spacing: number;
  /** Mass of each particle, kg (default the square cloth's: 0.1 kg over 24×24). */
  particleMass: number;
}

export const DEFAULT_TSHIRT: TShirtSpec = { spacing: 0.3 / 23, particleMass: 0.1 / 576 };

/**
 * Right half of the flat shirt, front up, collar towards +y, from the hem's centre round to the
 * neckline's (mirrored for the left): body 0.2 m wide, 0.295 m from hem to shoulder, sleeves
 * angled down to 0.35 m across.
 */
const RIGHT_HALF: Outline = [
  [0, -0.14],
  [0.1, -0.14],
  [0.1, 0.03],
  [0.175, 0.055],
  [0.15, 0.125],
  [0.07, 0.155],
  [0.04, 0.155],
  [0, 0.118],
];

/** The whole outline, counter-clockwise. */
export const TSHIRT_OUTLINE: Outline = [
  ...RIGHT_HALF,
  ...RIGHT_HALF.slice(1, -1)
    .reverse()
    .map(([x, y]) => [-x, y] as const),
];

/** Named points of the flat shirt (outline corners), for experts that grasp by landmark. */
export const TSHIRT_LANDMARKS = {
  hemRight: [0.1, -0.14],
  hemLeft: [-0.1, -0.14],
  cuffBottomRight: [0.175, 0.055],
  cuffBottomLeft: [-0.175, 0.055],
  cuffTopRight: [0.15, 0.125],
  cuffTopLeft: [-0.15, 0.125],
  shoulderRight: [0.07, 0.155],
  shoulderLeft: [-0.07, 0.155],
  armpitRight: [0.1, 0.03],
  armpitLeft: [-0.1, 0.03],
} as const satisfies Record<string, readonly [number, number]>;

export type TShirtLandmark = keyof typeof TSHIRT_LANDMARKS;

/** The shirt's lattice in its own flat frame (centred on the outline's box). */
export function tshirtLattice(spec: TShirtSpec = DEFAULT_TSHIRT): LatticeMesh {
  return latticeMesh(TSHIRT_OUTLINE, spec.spacing);
}

/** Particle of `mesh` nearest to flat point (x, y). */
export function nearestParticle(mesh: LatticeMesh, x: number, y: number): number {
  let best = 0,
    bestD = Infinity;
  for (let i = 0; i < mesh.flat.length / 2; i++) {
    const d = Math.hypot(mesh.flat[2 * i] - x, mesh.flat[2 * i + 1] - y);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/**
 * Makes the flat shirt with its flat frame's origin at (cx, cy), lying `z` above the table. The
 * material, damping and particle radius are the square cloth's (sim/objects/cloth.ts), so flings
 * behave alike.
 */
export function makeTShirt(world: World, spec: TShirtSpec = DEFAULT_TSHIRT, cx = 0, cy = 0, z = 0.01): SoftObject {
  const mesh = tshirtLattice(spec);
  const n = mesh.flat.length / 2;
  const positions = new Float32Array(3 * n);
  for (let i = 0; i < n; i++) positions.set([cx + mesh.flat[2 * i], cy + mesh.flat[2 * i + 1], z], 3 * i);
  const material = new RAPIER.SoftBodyMaterial();
  material.edgeSoftness = { naturalFrequency: 500, dampingRatio: 1 };
  material.bendSoftness = { naturalFrequency: 300, dampingRatio: 1 };
  const desc = new RAPIER.SoftBodyDesc(positions)
    .setEdges(mesh.edges)
    .setBendEdges(mesh.bendEdges)
    .setSurface(mesh.triangles)
    // Rapier's cloth generator makes the radius half the spacing; raw positions need it said.
    .setParticleRadius(spec.spacing / 2)
    .setParticleMass(spec.particleMass)
    .setMaterial(material)
    .setSelfContacts(false)
    .setLinearDamping(0.5)
    .setAdditionalPgsIterations(1);
  const body = world.createSoftBody(desc);
  return new SoftObject('cloth', body.handle, world, { triangles: mesh.triangles, cells: mesh.cells });
}
