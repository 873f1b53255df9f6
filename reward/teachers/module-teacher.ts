/**
 * Teachers from user modules: `--teacher path/to/module.mjs`, whose default export is
 * `(query, outcomes, rng) => Label`. The returned label is validated before anyone sees it.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LabelSchema, describeIssues, labelMismatch, type Label } from '../labels/index.ts';
import { checkOutcomes } from './make-teacher.ts';
import { teacherByName } from './registry.ts';
import type { TeacherConfigInput } from './teacher-config.ts';
import type { Teacher } from './teacher.ts';

/** True for specs that name a file rather than a preset. */
export function isModuleSpec(spec: string): boolean {
  return /[\\/]/.test(spec) || /\.(mjs|cjs|js|ts|mts)$/.test(spec);
}

/** Imports a teacher module; errors say which file and what is wrong with it. */
export async function loadTeacherModule(path: string): Promise<Teacher> {
  const file = resolve(path);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (e) {
    throw new Error(`teacher module ${file}: could not be imported: ${(e as Error).message}`);
  }
  const fn = mod.default;
  if (typeof fn !== 'function') {
    throw new Error(
      `teacher module ${file}: field default: expected a function (query, outcomes) => Label, found ` +
        `${fn === undefined ? 'no default export' : typeof fn}`,
    );
  }
  const name = `module:${file}`;
  return {
    name,
    kind: 'any',
    label(query, outcomes, rng): Label {
      checkOutcomes(name, query, outcomes);
      const out: unknown = fn(query, outcomes, rng);
      if (out !== null && typeof (out as { then?: unknown })?.then === 'function') {
        throw new Error(`teacher module ${file}: returned a Promise; expected a Label returned synchronously`);
      }
      const r = LabelSchema.safeParse(out);
      if (!r.success)
        throw new Error(`teacher module ${file}: returned an invalid Label: ${describeIssues(r.error, out)}`);
      const bad = labelMismatch(r.data, outcomes.length);
      if (bad !== null) {
        throw new Error(
          `teacher module ${file}: returned a Label that does not fit ${outcomes.length} outcomes: ${bad}`,
        );
      }
      return r.data;
    },
  };
}

/** `--teacher NAME[:key=value,...]` or `--teacher path/to/module.mjs`. */
export async function resolveTeacher(spec: string, overrides: TeacherConfigInput = {}): Promise<Teacher> {
  return isModuleSpec(spec) ? loadTeacherModule(spec) : teacherByName(spec, overrides);
}
