import { clothFlatten } from './cloth-flatten.ts';
import { granularT } from './granular-t.ts';
import { pushT } from './push-t.ts';
import { ropeCircle } from './rope-circle.ts';
import { tshirtUnfold } from './tshirt-unfold.ts';
import type { TaskSpec } from './task-spec.ts';

/**
 * Every task by id. Components are chosen from this registry, never by evaluating strings.
 * The five built-in tasks, plus any added by `registerTask` in this thread or listed in the
 * environment variable PREFSIM_TASK_MODULES (file paths or URLs, separated by commas, each module
 * exporting `task`), which worker threads inherit and read through `loadTask`: so a task defined
 * outside sim/ (a test's) runs in the worker pools too.
 */
export const TASKS: Readonly<Record<string, TaskSpec>> = {
  [ropeCircle.id]: ropeCircle,
  [clothFlatten.id]: clothFlatten,
  [granularT.id]: granularT,
  [pushT.id]: pushT,
  [tshirtUnfold.id]: tshirtUnfold,
};

/** Ids of every registered task; kept in step with TASKS. */
export const TASK_IDS: string[] = Object.keys(TASKS);

/** Adds a task to the registry; an id already taken by another spec is an error. */
export function registerTask(spec: TaskSpec): void {
  const old = TASKS[spec.id];
  if (old === spec) return;
  if (old) throw new Error(`task: id "${spec.id}" is already registered`);
  (TASKS as Record<string, TaskSpec>)[spec.id] = spec;
  TASK_IDS.push(spec.id);
}

/** The task with this id, or an error listing the accepted ids. */
export function getTask(id: string): TaskSpec {
  const t = Object.hasOwn(TASKS, id) ? TASKS[id] : undefined;
  if (!t) throw new Error(`task: unknown task "${id}"; accepted: ${TASK_IDS.join(', ')}`);
  return t;
}

let modulesLoaded: Promise<void> | null = null;

/**
 * Registers the `task` export of every module listed in PREFSIM_TASK_MODULES, once per thread.
 * Loaded on demand, not at import: a task module may itself import sim/.
 */
export function loadTaskModules(list = globalThis.process?.env?.PREFSIM_TASK_MODULES ?? ''): Promise<void> {
  modulesLoaded ??= (async () => {
    for (const ref of list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const url = /^(file|data|node):/.test(ref) ? ref : (await import('node:url')).pathToFileURL(ref).href;
      const mod = (await import(url)) as { task?: TaskSpec };
      if (!mod.task || typeof mod.task.id !== 'string') {
        throw new Error(`PREFSIM_TASK_MODULES: ${ref} does not export a TaskSpec named task`);
      }
      registerTask(mod.task);
    }
  })();
  return modulesLoaded;
}

/** `getTask` after the task modules of PREFSIM_TASK_MODULES are registered: for thread entries. */
export async function loadTask(id: string): Promise<TaskSpec> {
  await loadTaskModules();
  return getTask(id);
}
