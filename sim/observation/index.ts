/**
 * Observations (METHODS.md §1): the object's point cloud cropped, centred on its xy centroid at
 * table height, divided by the task scale and sampled to N points; and the maps between the
 * normalised and world frames for points and actions.
 */
export {
  observationFrame,
  toWorld,
  toNormalised,
  pointToWorld,
  pointToNormalised,
  actionToWorld,
  actionToNormalised,
  worldOrigin,
  type ObservationFrame,
} from './frame.ts';
export { cropToBox, workspaceBox, type WorkspaceBox } from './crop.ts';
export { densify, balancedIndices } from './densify.ts';
export {
  makeObservation,
  sampleObservation,
  ObservationConfigSchema,
  type ObservationConfig,
  type SampleOptions,
} from './observe.ts';
