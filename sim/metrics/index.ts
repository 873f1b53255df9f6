/**
 * Task metrics (METHODS.md §8): coverage, IoU, Chamfer, EMD, goal shapes and candidate
 * diversity. Pure functions over `Float32Array` [N, 3] point clouds in metres; randomness
 * (subsampling, k-means seeding) comes from the `rng` argument.
 */
export { coveredArea, normalisedCoverage, type CoverageOptions, type XYBox } from './coverage.ts';
export { shapeIoU, discOffsets, type IoUOptions } from './iou.ts';
export { ringIoU, arcCentroid, type RingIoUOptions } from './ring-iou.ts';
export { chamferDistance, type ChamferOptions } from './chamfer.ts';
export { earthMoversDistance, type EmdOptions } from './emd.ts';
export { hungarian, type Assignment } from './hungarian.ts';
export { DEFAULT_ROTATIONS, ROTATION_BASES_DEG, ROTATION_DELTAS_DEG } from './rotations.ts';
export {
  circleTarget,
  tShapeTarget,
  tShapePolygon,
  tBlockFootprint,
  insideTShape,
  TShapeSchema,
  type TShape,
} from './targets.ts';
export { candidateDiversity, meanPairwiseActionDistance, type DiversityOptions } from './diversity.ts';
export { centroid, zeroMeaned, rotatedZ, subsample } from './point-cloud.ts';
