import { describe, expect, it } from 'vitest';
import { formatFields, plural } from '../../cli/output.ts';

describe('output helpers', () => {
  it.each([
    [1, 'method', undefined, '1 method'],
    [2, 'worker', undefined, '2 workers'],
    [0, 'seed', undefined, '0 seeds'],
    [1, 'query', 'queries', '1 query'],
    [3, 'query', 'queries', '3 queries'],
  ])('plural(%s, %s)', (n, one, many, text) => {
    expect(plural(n, one, many)).toBe(text);
  });

  it('formats a nested result as aligned key/value lines', () => {
    expect(formatFields({ model: 'm1', metrics: { accuracy: 0.8125, pairs: 16 }, ece: null, ranks: [1, 2.5] })).toEqual(
      [
        'model             m1',
        'metrics.accuracy  0.813',
        'metrics.pairs     16',
        'ece               —',
        'ranks             1, 2.500',
      ],
    );
  });
});
