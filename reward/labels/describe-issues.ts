/**
 * Turns a zod error into one line per issue: which field, what was expected, what came.
 * Used at every boundary of reward/ (store rows, JSONL lines, teacher modules).
 */
import type { z } from 'zod';

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    // JSON text columns (store rows): look inside the parsed text.
    if (typeof v === 'string') {
      try {
        v = JSON.parse(v);
      } catch {
        return undefined;
      }
    }
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** Short, bounded rendering of a found value for error messages. */
export function showValue(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** Dotted path of an issue, `(root)` for the top level. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

/**
 * `field winner: Invalid option: expected one of "A"|"B"|"equal"|"skip" (found "C")`, issues
 * joined by `; `. `input` is the value that was parsed, so the found value can be shown.
 */
export function describeIssues(error: z.ZodError, input: unknown): string {
  return error.issues
    .map((i) => `field ${issuePath(i.path)}: ${i.message} (found ${showValue(valueAt(input, i.path))})`)
    .join('; ');
}
