export { TASKS, TASK_IDS, getTask, loadTask, loadTaskModules, registerTask } from './registry.ts';
export { type TaskSpec, type TaskScene, type TaskGoal, type KeepOutBox, type SuccessRule, type Rect } from './task-spec.ts';
