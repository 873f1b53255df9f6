/** The one zod error formatter renders both forms its callers print. */
import { z } from 'zod';
import { describe, expect, test } from 'vitest';
import { formatZodError } from '../../core/zod-error.ts';

const Schema = z.strictObject({ winner: z.enum(['A', 'B']), p: z.tuple([z.number(), z.number()]) });
const bad = { winner: 'C', p: [1, NaN] };
const error = Schema.safeParse(bad).error!;

describe('formatZodError', () => {
  test('paths under a root, one issue after another', () => {
    expect(formatZodError(error, 'label')).toBe('label.winner: Invalid option: expected one of "A"|"B"; label.p.1: Invalid input: expected number, received NaN');
    expect(formatZodError(z.number().safeParse('x').error!)).toBe('(value): Invalid input: expected number, received string');
  });

  test('with the parsed input it shows what was found', () => {
    expect(formatZodError(error, { input: bad })).toBe('field winner: Invalid option: expected one of "A"|"B" (found "C"); field p.1: Invalid input: expected number, received NaN (found NaN)');
    expect(formatZodError(z.number().safeParse('x').error!, { input: 'x' })).toBe('field (root): Invalid input: expected number, received string (found "x")');
  });

  test('a prefix and a name for the top level', () => {
    expect(formatZodError(z.number().safeParse('x').error!, { top: '(root)' })).toBe('(root): Invalid input: expected number, received string');
    expect(formatZodError(error, { prefix: 'field ', top: '' })).toMatch(/^field winner: .*; field p\.1: /);
  });
});
