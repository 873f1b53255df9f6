import { z } from 'zod';
import { formatZodError } from '../../core/zod-error.ts';
import { PRIMITIVES, type Action, type Vec3 } from '../types.ts';

export { formatZodError };

// zod 4 numbers refuse NaN and ±Infinity already, naming what came.
const finite = z.number();
export const Vec3Schema = z.tuple([finite, finite, finite]);

/** The one action schema (the store and the wire use it too): a known primitive and two finite 3-D points. */
export const ActionSchema = z
  .object({
    primitive: z.enum(PRIMITIVES),
    p0: Vec3Schema,
    p1: Vec3Schema,
  })
  .strict();

/** Raised for bad input; the message names the field and the reason. */
export class ValidationError extends Error {
  override name = 'ValidationError';
}

/** Parses an action or throws a ValidationError naming the bad field. */
export function parseAction(value: unknown, field = 'action'): Action {
  const r = ActionSchema.safeParse(value);
  if (!r.success) throw new ValidationError(formatZodError(r.error, field));
  return r.data as Action;
}

/** Throws a ValidationError unless both world-frame points lie inside the workspace. */
export function assertInWorkspace(action: Action, ws: { half: number; zMax: number }, field = 'action'): void {
  const axes = ['x', 'y', 'z'] as const;
  for (const key of ['p0', 'p1'] as const) {
    const p: Vec3 = action[key];
    for (let a = 0; a < 3; a++) {
      const [lo, hi] = a < 2 ? [-ws.half, ws.half] : [0 - 0.05, ws.zMax];
      if (p[a] < lo || p[a] > hi) {
        throw new ValidationError(
          `${field}.${key}[${a}]: ${axes[a]} = ${p[a].toFixed(3)} m in the world frame is outside the workspace [` +
            `${lo}, ${hi}]`,
        );
      }
    }
  }
}
