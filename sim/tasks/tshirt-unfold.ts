import {
  DEFAULT_TSHIRT,
  makeTShirt,
  nearestParticle,
  tshirtLattice,
  TSHIRT_LANDMARKS,
  TSHIRT_OUTLINE,
  type SimObject,
  type TShirtLandmark,
} from '../objects/index.ts';
import { coveredArea, normalisedCoverage } from '../metrics/index.ts';
import { bodySlots } from '../scene/body-slots.ts';
import type { Action, Rng } from '../types.ts';
import { clothFlatten } from './cloth-flatten.ts';
import { crumple } from './crumple.ts';
import { rankByLookahead } from './lookahead.ts';
import { particleFling } from './particle-fling.ts';
import type { TaskScene, TaskSpec } from './task-spec.ts';

const SHIRT = DEFAULT_TSHIRT;
const LATTICE = tshirtLattice(SHIRT);
/** Particle footprint radius for coverage: half the lattice spacing, so the flat shirt tiles (m). */
const COVER_RADIUS = SHIRT.spacing / 2;

/** Largest start coverage kept; a shirt lying flatter is crumpled again (up to 3 more drops). */
const START_BELOW = 0.7;

function area(object: SimObject): number {
  return coveredArea(object.points(), COVER_RADIUS);
}

const at = (name: TShirtLandmark): number => {
  const [x, y] = TSHIRT_LANDMARKS[name];
  return nearestParticle(LATTICE, x, y);
};

/**
 * Landmark pairs the expert flings by, first tried: shoulders (DeformPAM's grasp), hem corners,
 * cuffs, and each side (shoulder and hem); then, when none of these helps, the diagonals and the
 * sleeves' lower corners.
 */
const FIRST: [TShirtLandmark, TShirtLandmark][] = [
  ['shoulderLeft', 'shoulderRight'],
  ['hemLeft', 'hemRight'],
  ['cuffTopLeft', 'cuffTopRight'],
  ['shoulderLeft', 'hemLeft'],
  ['shoulderRight', 'hemRight'],
];
const FALLBACK: [TShirtLandmark, TShirtLandmark][] = [
  ['shoulderLeft', 'hemRight'],
  ['shoulderRight', 'hemLeft'],
  ['cuffBottomLeft', 'cuffBottomRight'],
  ['armpitLeft', 'armpitRight'],
];

/**
 * Expert fling: grasp a pair of landmarks (the lattice is known to the expert) and fling. A fling
 * is chaotic, so the expert tries each pair from a snapshot and ranks them by the coverage
 * reached (privileged look-ahead, as the cloth expert's).
 */
function expert(scene: TaskScene, _rng: Rng, k: number): Action[] {
  const flings = (pairs: [TShirtLandmark, TShirtLandmark][]) => {
    const p = scene.particles();
    return pairs.map(([a, b]) => particleFling(scene, p, at(a), at(b)));
  };
  return rankByLookahead(scene, flings(FIRST), k, () => flings(FALLBACK));
}

export const tshirtUnfold: TaskSpec = {
  id: 'tshirt-unfold',
  title: 'Unfold a crumpled short-sleeved T-shirt (fling)',
  better: 'Better: the shirt is spread flatter, body and sleeves open, covering more of the table.',
  primitive: 'fling',
  maxSteps: 10,
  success: { metric: 'coverage', threshold: 0.8, direction: 'above' },
  rewardMetric: 'coverage',
  obsScale: 0.15,
  workspace: { half: 0.45, zMax: 0.5 },
  // Coverage ignores which way the shirt faces, as the cloth's does.
  rotationInvariant: true,
  keepOut: null,
  bodies: bodySlots(0),
  // The square cloth's physics and settle (sim/tasks/cloth-flatten.ts says why).
  world: clothFlatten.world,
  settle: clothFlatten.settle,
  build(world, rng) {
    const shirt = makeTShirt(world, SHIRT, rng.uniform(-0.05, 0.05), rng.uniform(-0.05, 0.05));
    const flatArea = area(shirt);
    crumple(world, shirt, rng, 3);
    // A shirt's sleeves can fall open again (seed 14 started at 0.87): drop it again while it lies
    // nearly solved, so every episode starts below the success threshold.
    for (let extra = 0; extra < 3 && area(shirt) / flatArea > START_BELOW; extra++) crumple(world, shirt, rng, 1);
    return { object: shirt, context: { flatArea, startArea: area(shirt) } };
  },
  metrics(object, context) {
    const a = area(object);
    return {
      coverage: a / context.flatArea,
      normalizedCoverage: normalisedCoverage(a, context.startArea, context.flatArea),
    };
  },
  goal: () => ({ shape: 'outline', cx: 0, cy: 0, points: TSHIRT_OUTLINE.map(([x, y]) => [x, y]) }),
  expert,
};
