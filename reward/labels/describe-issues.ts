/**
 * Zod errors at the boundaries of reward/ (store rows, JSONL lines, teacher modules), in the
 * found-value form of the one formatter (core/zod-error.ts).
 */
import type { z } from 'zod';
import { formatZodError, issuePath, showValue } from '../../core/zod-error.ts';

export { issuePath, showValue };

/**
 * `field winner: Invalid option: expected one of "A"|"B"|"equal"|"skip" (found "C")`, issues
 * joined by `; `. `input` is the value that was parsed, so the found value can be shown.
 */
export function describeIssues(error: z.ZodError, input: unknown): string {
  return formatZodError(error, { input });
}
