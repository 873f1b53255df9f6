/** The one zod error formatter renders both forms its callers print. */
import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import { formatZodError } from '../../core/zod-error.ts';

const Schema = z.strictObject({ winner: z.enum(['A', 'B']), p: z.tuple([z.number(), z.number()]) });
const bad = { winner: 'C', p: [1, NaN] };
const error = Schema.safeParse(bad).error!;
const notNumber = z.number().safeParse('x').error!;
const ENUM = 'Invalid option: expected one of "A"|"B"';
const NAN = 'Invalid input: expected number, received NaN';
const STRING = 'Invalid input: expected number, received string';

describe('formatZodError', () => {
  test('paths under a root, one issue after another', () => {
    expect(formatZodError(error, 'label')).toBe(`label.winner: ${ENUM}; label.p.1: ${NAN}`);
    expect(formatZodError(notNumber)).toBe(`(value): ${STRING}`);
  });

  test('with the parsed input it shows what was found', () => {
    expect(formatZodError(error, { input: bad })).toBe(
      `field winner: ${ENUM} (found "C"); field p.1: ${NAN} (found NaN)`,
    );
    expect(formatZodError(notNumber, { input: 'x' })).toBe(`field (root): ${STRING} (found "x")`);
  });

  test('a prefix and a name for the top level', () => {
    expect(formatZodError(notNumber, { top: '(root)' })).toBe(`(root): ${STRING}`);
    expect(formatZodError(error, { prefix: 'field ', top: '' })).toMatch(/^field winner: .*; field p\.1: /);
  });
});
