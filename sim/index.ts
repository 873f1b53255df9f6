/** The simulator's public face: tasks, scenes, actions, observations, metrics and recordings. */
export * from './types.ts';
export { initPhysics, makeWorld, WorldConfigSchema, type WorldConfig } from './physics/index.ts';
export { Scene, type ApplyOptions } from './scene/scene.ts';
export { worldOrigin } from './observation/index.ts';
export {
  TASKS,
  TASK_IDS,
  getTask,
  loadTask,
  loadTaskModules,
  registerTask,
  type TaskSpec,
  type TaskScene,
  type TaskGoal,
  type KeepOutBox,
} from './tasks/index.ts';
export { bodySlots, toolSlots, TOOL_BODIES, type BodySlots } from './scene/body-slots.ts';
export { ActionSchema, parseAction, ValidationError, formatZodError } from './validation/index.ts';
export {
  ACTORS,
  expertActor,
  randomActor,
  runEpisode,
  expertRewardsAfter,
  type Actor,
  type ActorName,
  type EpisodeResult,
  type EpisodeStep,
} from './episode/index.ts';
