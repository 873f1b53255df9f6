export { TASKS, TASK_IDS, getTask, loadTask, loadTaskModules, registerTask } from './registry.ts';
export type { TaskSpec, TaskScene, TaskGoal, KeepOutBox, SuccessRule, Rect } from './task-spec.ts';
