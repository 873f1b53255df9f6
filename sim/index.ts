/** The simulator's public face: tasks, scenes, actions, observations, metrics and recordings. */
export * from './types.ts';
export { initPhysics, makeWorld, WorldConfigSchema, type WorldConfig } from './physics/index.ts';
export { Scene, type ApplyOptions } from './scene/scene.ts';
export { worldOrigin } from './observation/index.ts';
export { TASKS, TASK_IDS, getTask, type TaskSpec } from './tasks/index.ts';
export { ActionSchema, parseAction, ValidationError, formatZodError } from './validation/index.ts';
export {
  ACTORS, expertActor, randomActor, runEpisode, rolloutCandidates, expertRewardsAfter,
  type Actor, type ActorName, type EpisodeResult, type EpisodeStep, type CandidateRollouts,
} from './episode/index.ts';
