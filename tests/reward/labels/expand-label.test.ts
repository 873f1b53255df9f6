import { describe, expect, test } from 'vitest';
import { expandLabel, expandRanking, type Label, type PairRecord } from '../../../reward/labels/index.ts';

const sortPairs = (p: PairRecord[]) => [...p].sort((a, b) => a.i - b.i || a.j - b.j || a.y - b.y);

describe('pair labels', () => {
  test.each([
    ['A', [{ i: 0, j: 1, y: 1 }]],
    ['B', [{ i: 0, j: 1, y: 0 }]],
    ['equal', [{ i: 0, j: 1, y: 0.5 }]],
    ['skip', []],
  ] as const)('winner %s → %j', (winner, pairs) => {
    const e = expandLabel({ kind: 'pair', winner });
    expect(e.pairs).toEqual(pairs);
    expect(e.binary).toEqual([]);
    expect(e.triplets).toEqual([]);
  });
});

describe('ranking by elimination', () => {
  // Hand-checked: picks 2 then 0; 1 and 3 looked alike.
  // 2≻0, 2≻1, 2≻3 (first pick beats later pick and the rest), 0≻1, 0≻3.
  const label: Label = { kind: 'ranking', order: [2, 0], rest: [1, 3] };

  test.each([
    [
      'plain',
      {},
      [
        [2, 0, 1],
        [2, 1, 1],
        [2, 3, 1],
        [0, 1, 1],
        [0, 3, 1],
      ],
    ],
    [
      'rest ties',
      { restTies: true },
      [
        [2, 0, 1],
        [2, 1, 1],
        [2, 3, 1],
        [0, 1, 1],
        [0, 3, 1],
        [1, 3, 0.5],
      ],
    ],
    [
      // Expert is candidate 3 (ranked among the rest): its pairs come only from the expert rule.
      'expert = 3',
      { expertIndex: 3 },
      [
        [3, 2, 1],
        [3, 0, 1],
        [3, 1, 1],
        [2, 0, 1],
        [2, 1, 1],
        [0, 1, 1],
      ],
    ],
    [
      // Expert is candidate 0 (second pick): it now beats 2 as well.
      'expert = 0',
      { expertIndex: 0 },
      [
        [0, 2, 1],
        [0, 1, 1],
        [0, 3, 1],
        [2, 1, 1],
        [2, 3, 1],
      ],
    ],
  ] as const)('%s', (_name, opts, expected) => {
    const got = expandLabel(label, opts).pairs;
    const want = expected.map(([i, j, y]) => ({ i, j, y }) as PairRecord);
    expect(sortPairs(got)).toEqual(sortPairs(want));
  });

  test.each([
    [{ order: [], rest: [0, 1, 2] }, 0],
    [{ order: [1], rest: [0] }, 1],
    [{ order: [0, 1, 2, 3], rest: [4] }, 10], // a full ranking of 5: C(5, 2)
    [{ order: [0, 1], rest: [2, 3, 4] }, 1 + 2 * 3],
  ])('%j gives %i pairs', (r, n) => {
    expect(expandRanking({ kind: 'ranking', ...r })).toHaveLength(n);
  });

  test('every pair is oriented winner-first', () => {
    const pairs = expandRanking({ kind: 'ranking', order: [4, 1, 3], rest: [0, 2] });
    const rank = new Map([
      [4, 0],
      [1, 1],
      [3, 2],
      [0, 3],
      [2, 3],
    ]);
    for (const p of pairs) {
      expect(p.y).toBe(1);
      expect(rank.get(p.i)!).toBeLessThan(rank.get(p.j)!);
    }
  });
});

describe('binary and triplets', () => {
  test.each([
    [
      { kind: 'binary', good: true },
      { pairs: [], binary: [{ i: 0, good: true }], triplets: [] },
    ],
    [
      { kind: 'binary', good: false },
      { pairs: [], binary: [{ i: 0, good: false }], triplets: [] },
    ],
    [
      { kind: 'triplet', best: 2, middle: 0, worst: 1 },
      { pairs: [], binary: [], triplets: [{ pos: 2, neu: 0, neg: 1, y: 1 }] },
    ],
    [{ kind: 'triplet-equal' }, { pairs: [], binary: [], triplets: [{ pos: 0, neu: 1, neg: 2, y: 0.5 }] }],
  ] as const)('%j', (label, expansion) => {
    expect(expandLabel(label as Label)).toEqual(expansion);
  });
});
