import { clothFlatten } from './cloth-flatten.ts';
import { granularT } from './granular-t.ts';
import { pushT } from './push-t.ts';
import { ropeCircle } from './rope-circle.ts';
import type { TaskSpec } from './task-spec.ts';

/** Every task by id. Components are chosen from this registry, never by evaluating strings. */
export const TASKS: Readonly<Record<string, TaskSpec>> = {
  [ropeCircle.id]: ropeCircle,
  [clothFlatten.id]: clothFlatten,
  [granularT.id]: granularT,
  [pushT.id]: pushT,
};

export const TASK_IDS = Object.keys(TASKS);

/** The task with this id, or an error listing the accepted ids. */
export function getTask(id: string): TaskSpec {
  const t = TASKS[id];
  if (!t) throw new Error(`task: unknown task "${id}"; accepted: ${TASK_IDS.join(', ')}`);
  return t;
}
