import { ropeCircle } from './rope-circle.ts';
import type { TaskSpec } from './task-spec.ts';

/** Every task by id. Components are chosen from this registry, never by evaluating strings. */
export const TASKS: Readonly<Record<string, TaskSpec>> = {
  [ropeCircle.id]: ropeCircle,
};

export const TASK_IDS = Object.keys(TASKS);

/** The task with this id, or an error listing the accepted ids. */
export function getTask(id: string): TaskSpec {
  const t = TASKS[id];
  if (!t) throw new Error(`task: unknown task "${id}"; accepted: ${TASK_IDS.join(', ')}`);
  return t;
}
