/** `take(flow, annotator, prefer)`: a ready query that prefers is handed out first (gold for a lone annotator). */
import { expect, test } from 'vitest';
import { QueryPool } from '../../../viewer/server/queries/query-pool.ts';
import type { PreparedQuery } from '../../../viewer/server/queries/prepared-query.ts';

test('a preferred ready query jumps the queue; without one, the oldest is taken', async () => {
  let n = 0;
  const pool = new QueryPool(async () => ({ flow: 'pair', seed: n++ }) as unknown as PreparedQuery, {
    ahead: 3,
    redundancy: 1,
  });
  pool.warm('pair');
  while (pool.readyCount('pair') < 3) await new Promise((r) => setImmediate(r));
  const seed = (e: { query: PreparedQuery }) => e.query.seed;
  expect(seed(await pool.take('pair', 'ada', (e) => e.query.seed === 2))).toBe(2);
  expect(seed(await pool.take('pair', 'ada', () => false))).toBe(0);
  expect(seed(await pool.take('pair', 'ada'))).toBe(1);
  pool.close();
});
