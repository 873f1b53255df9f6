/**
 * The one formatter of zod errors, for every boundary (actions, store rows, JSONL lines, protocol
 * messages, teacher modules, configs). Two renderings of the same issues:
 * - without `input`: `field.path: reason; …`, paths under `root` (`top`, default `(value)`, for
 *   the top level), each after `prefix`;
 * - with `input` (the value that was parsed): `field path: reason (found value); …`, so the bad
 *   value is shown (`(root)` for the top level).
 */
import type { z } from 'zod';

export interface ZodErrorFormat {
  /** Prefix of every path, e.g. 'action' or 'episode' (the found-value form ignores it). */
  root?: string;
  /** Written before each path, e.g. 'field ' (default none). */
  prefix?: string;
  /** The path written for an issue at the top level (default '(value)'). */
  top?: string;
  /** The parsed value: show what was found at each issue's path. */
  input?: unknown;
}

/** Dotted path of an issue, `(root)` for the top level. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
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

/** One line naming each issue's field and reason, issues joined by `; `. */
export function formatZodError(error: z.ZodError, format: ZodErrorFormat | string = {}): string {
  const f = typeof format === 'string' ? { root: format } : format;
  if ('input' in f) {
    return error.issues
      .map((i) => `field ${issuePath(i.path)}: ${i.message} (found ${showValue(valueAt(f.input, i.path))})`)
      .join('; ');
  }
  return error.issues
    .map((i) => {
      const path = [f.root ?? '', ...i.path.map(String)].filter(Boolean).join('.');
      return `${f.prefix ?? ''}${path || (f.top ?? '(value)')}: ${i.message}`;
    })
    .join('; ');
}
