export { TASKS, TASK_IDS, getTask } from './registry.ts';
export { type TaskSpec, type SuccessRule } from './task-spec.ts';
