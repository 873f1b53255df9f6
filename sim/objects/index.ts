export type { SimObject, ObjectKind } from './sim-object.ts';
export { SoftObject } from './soft-object.ts';
export { makeRope, DEFAULT_ROPE, type RopeSpec } from './rope.ts';
export { makeCloth, clothCorners, clothIndex, DEFAULT_CLOTH, type ClothSpec } from './cloth.ts';
export { makeGranules, Granules, DEFAULT_GRANULES, type GranulesSpec } from './granules.ts';
export { makeTBlock, TBlock, T_BLOCK_SHAPE, T_BLOCK_HEIGHT, tRectangles } from './t-block.ts';
