export type { SimObject, ObjectKind } from './sim-object.ts';
export { SoftObject, type ClothLattice } from './soft-object.ts';
export { makeRope, DEFAULT_ROPE, type RopeSpec } from './rope.ts';
export { makeCloth, clothCorners, clothIndex, clothLattice, DEFAULT_CLOTH, type ClothSpec } from './cloth.ts';
export {
  makeTShirt,
  nearestParticle,
  tshirtLattice,
  DEFAULT_TSHIRT,
  TSHIRT_LANDMARKS,
  TSHIRT_OUTLINE,
  type TShirtLandmark,
  type TShirtSpec,
} from './tshirt.ts';
export { latticeMesh, insideOutline, type LatticeMesh, type Outline } from './lattice-mesh.ts';
export { makeGranules, Granules, DEFAULT_GRANULES, type GranulesSpec } from './granules.ts';
export { makeTBlock, TBlock, T_BLOCK_SHAPE, T_BLOCK_HEIGHT, tRectangles } from './t-block.ts';
