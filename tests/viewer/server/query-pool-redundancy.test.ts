/** The pool prepares one query per `redundancy` waiting annotators, not one per annotator (issue 17 §3, memory). */
import { expect, test } from 'vitest';
import { QueryPool } from '../../../viewer/server/queries/query-pool.ts';
import type { PreparedQuery } from '../../../viewer/server/queries/prepared-query.ts';

test(
  'three annotators waiting on a redundancy-3 pool start one ' + 'preparation, and all three get that query',
  async () => {
    let prepared = 0;
    const release: (() => void)[] = [];
    const pool = new QueryPool(
      () => {
        prepared++;
        return new Promise<PreparedQuery>((resolve) =>
          release.push(() => resolve({ flow: 'pair' } as unknown as PreparedQuery)),
        );
      },
      { ahead: 0, redundancy: 3 },
    );
    const taken = ['a', 'b', 'c'].map((who) => pool.take('pair', who));
    expect(prepared).toBe(1);
    release.shift()!();
    const entries = await Promise.all(taken);
    expect(new Set(entries.map((e) => e.id)).size).toBe(1);
    expect(prepared).toBe(1);
    pool.close();
  },
);
