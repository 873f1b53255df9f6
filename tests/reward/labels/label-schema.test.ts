import { describe, expect, expectTypeOf, test } from 'vitest';
import { LabelSchema, describeIssues, labelMismatch, type Label } from '../../../reward/labels/index.ts';

const parseMessage = (input: unknown): string => {
  const r = LabelSchema.safeParse(input);
  if (r.success) throw new Error('expected a parse failure');
  return describeIssues(r.error, input);
};

describe('LabelSchema', () => {
  test.each([
    { kind: 'pair', winner: 'A' },
    { kind: 'pair', winner: 'skip' },
    { kind: 'ranking', order: [1, 0], rest: [] },
    { kind: 'ranking', order: [], rest: [0, 1, 2] },
    { kind: 'binary', good: false },
    { kind: 'triplet', best: 2, middle: 0, worst: 1 },
    { kind: 'triplet-equal' },
  ])('accepts %j', (l) => {
    expect(LabelSchema.parse(l)).toEqual(l);
  });

  test('errors name the field, what was expected and what came', () => {
    expect(parseMessage({ kind: 'pair', winner: 'C' })).toMatchInlineSnapshot(
      `"field winner: Invalid option: expected one of "A"|"B"|"equal"|"skip" (found "C")"`,
    );
    expect(parseMessage({ kind: 'ranking', order: [0, 1], rest: [1] })).toMatchInlineSnapshot(
      `"field rest.0: candidate 1 appears twice in order/rest (found 1)"`,
    );
    expect(parseMessage({ kind: 'triplet', best: 0, middle: 0, worst: 1 })).toMatchInlineSnapshot(
      `"field best: best, middle and worst must be three different candidates (found 0)"`,
    );
    expect(parseMessage({ kind: 'thumbs' })).toContain('field kind');
    expect(parseMessage({ kind: 'binary', good: true, extra: 1 })).toContain('extra');
    expect(parseMessage({ kind: 'ranking', order: [-1], rest: [] })).toContain('field order.0');
    expect(parseMessage({ kind: 'triplet', best: 0.5, middle: 1, worst: 2 })).toContain('field best');
  });

  test('inferred type is the ARCHITECTURE.md union', () => {
    expectTypeOf<Extract<Label, { kind: 'pair' }>>().toEqualTypeOf<{
      kind: 'pair';
      winner: 'A' | 'B' | 'equal' | 'skip';
    }>();
    expectTypeOf<Extract<Label, { kind: 'ranking' }>>().toEqualTypeOf<{
      kind: 'ranking';
      order: number[];
      rest: number[];
    }>();
    expectTypeOf<Label['kind']>().toEqualTypeOf<'pair' | 'ranking' | 'binary' | 'triplet' | 'triplet-equal'>();
  });
});

describe('labelMismatch', () => {
  test.each([
    [{ kind: 'pair', winner: 'A' }, 2, null],
    [{ kind: 'pair', winner: 'A' }, 3, 'a pair label needs a query with 2 candidates, found 3'],
    [{ kind: 'binary', good: true }, 2, 'a binary label needs a query with 1 candidates, found 2'],
    [{ kind: 'triplet-equal' }, 3, null],
    [{ kind: 'triplet', best: 0, middle: 1, worst: 3 }, 3, 'field worst: candidate index 3 is out of range 0..2'],
    [{ kind: 'ranking', order: [0], rest: [1, 2] }, 3, null],
    [{ kind: 'ranking', order: [0], rest: [2] }, 3, 'field order/rest: expected all 3 candidates listed once, found 2'],
    [{ kind: 'ranking', order: [0, 5], rest: [] }, 2, 'field order/rest: candidate index 5 is out of range 0..1'],
  ] as const)('%j with %i candidates', (label, k, msg) => {
    expect(labelMismatch(label as Label, k)).toBe(msg);
  });
});
