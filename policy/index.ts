/**
 * prefsim `policy/`: a diffusion policy that proposes N diverse candidate actions per state
 * (DeformPAM's first stage, METHODS.md §1–2), its training on expert demonstrations, and an
 * adapter for external ONNX noise networks. Knows nothing about preferences.
 *
 * Dimension letters: B batch, P points, K (or N) candidates, T diffusion steps, Da = 6.
 */
export { clampToWorkspace, DEFAULT_OBS_POINTS, type Policy, type Workspace } from './policy.ts';
export {
  ACTION_DIM,
  actionsToRows,
  rowsToActions,
  fitActionRange,
  normaliseRows,
  denormaliseRows,
  UNIT_RANGE,
  type ActionRange,
} from './action-codec.ts';
export * from './diffusion/index.ts';
export * from './demos/index.ts';
export * from './external/index.ts';
export { defaultPolicyPath, MODELS_DIR, ManifestSchema, openPolicy, type ModelEntry } from './open-policy.ts';
export * from './raft/index.ts';
export * from './guidance/index.ts';
