/** Planted checks: gold only from clearly different outcomes the annotator has not seen; repeats after a gap. */
import { expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import type { PoolEntry, PreparedQuery } from '../../../viewer/server/index.ts';
import { CheckQueries } from '../../../viewer/server/stats-check-queries.ts';

const entry = (id: number, coverage: number[], flow: PreparedQuery['flow'] = 'pair'): PoolEntry => ({
  id,
  assigned: new Set(['x']),
  dbQueryId: 100 + id,
  query: { flow, metrics: coverage.map((c) => ({ coverage: c })) } as unknown as PreparedQuery,
});
const checks = (goldRate: number, repeatRate: number) =>
  new CheckQueries({ goldRate, repeatRate, metric: 'coverage', margin: 0.1, rng: makeRng(1) });

test('gold: a clearly different query another annotator labelled, never one of your own, never a close one', () => {
  const c = checks(1, 0);
  expect(c.isGold(entry(1, [0.9, 0.2]))).toBe(true);
  expect(c.isGold(entry(2, [0.5, 0.45]))).toBe(false);
  c.noteLabelled(entry(1, [0.9, 0.2]), 'ada');
  c.noteLabelled(entry(2, [0.5, 0.45]), 'ada');
  // Never her own, never another flow's: a fresh gold query from the pool instead (entry null).
  expect(c.pick('ada', 'pair')).toEqual({ kind: 'gold', entry: null });
  expect(c.pick('bob', 'ranking')).toEqual({ kind: 'gold', entry: null });
  for (let i = 0; i < 20; i++) {
    const g = c.pick('bob', 'pair')!;
    expect(g).toMatchObject({ kind: 'gold', entry: { id: 1, dbQueryId: 101 } });
    // A fresh showing: giving it back when bob leaves must not requeue the original.
    expect(g.entry?.assigned.size).toBe(0);
  }
});

test('repeat: one of your own queries, at least minGap labels old; rate 0 plants nothing', () => {
  const c = checks(0, 1);
  for (let id = 1; id <= 3; id++) c.noteLabelled(entry(id, [0.5, 0.5]), 'ada');
  expect(c.pick('ada', 'pair')).toBeNull(); // all within the last 3
  c.noteLabelled(entry(4, [0.5, 0.5]), 'ada');
  expect(c.pick('ada', 'pair')).toMatchObject({ kind: 'repeat', entry: { id: 1 } });
  expect(c.pick('bob', 'pair')).toBeNull();
  // A gold rate with nothing banked (a lone annotator's first query) still asks for a fresh gold one.
  expect(checks(1, 0).pick('ada', 'pair')).toEqual({ kind: 'gold', entry: null });
  const none = checks(0, 0);
  for (let id = 1; id <= 9; id++) none.noteLabelled(entry(id, [0.9, 0.1]), 'ada');
  expect(none.pick('bob', 'pair')).toBeNull();
  expect(none.stored('ada', 105)).toMatchObject({ id: 5 });
  expect(none.stored('bob', 105)).toBeUndefined();
});
