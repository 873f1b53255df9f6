/**
 * Issue 17, item 2 (memory after clients leave): what the server keeps per connection or per
 * address returns to empty once clients have left, and leaving annotators do not leave their
 * prepared queries behind beyond the pool's look-ahead. Sizes are counted, not timed.
 */
import { describe, expect, test } from 'vitest';
import { QueryPool, type PoolEntry, type PreparedQuery } from '../../../viewer/server/index.ts';
import { giveBack } from '../../../viewer/server/give-back.ts';
import { useTestServer } from '../fixtures/test-server.ts';

const fakeQuery = (seed: number) => ({ flow: 'pair', seed }) as unknown as PreparedQuery;

describe('giveBack', () => {
  /** A pool whose preparations finish when the test says so. */
  function manualPool(redundancy: number) {
    const waiting: (() => void)[] = [];
    let seed = 0;
    const pool = new QueryPool(
      () =>
        new Promise<PreparedQuery>((res) => {
          const q = fakeQuery(seed++);
          waiting.push(() => res(q));
        }),
      { ahead: 1, redundancy },
    );
    const finishAll = async () => {
      while (waiting.length) waiting.shift()!();
      await new Promise((r) => setImmediate(r));
    };
    return { pool, finishAll };
  }

  test("a leaver's query goes back only while the pool has fewer than `ahead` ready", async () => {
    const { pool, finishAll } = manualPool(1);
    const taken: PoolEntry[] = [];
    const takes = ['a', 'b', 'c'].map((who) => pool.take('pair', who));
    await finishAll();
    taken.push(...(await Promise.all(takes)));
    await finishAll(); // the look-ahead refilled
    expect(pool.readyCount('pair')).toBe(1);
    expect(taken.map((e, i) => giveBack(pool, e, 'abc'[i], { ahead: 1, redundancy: 1 }))).toEqual([
      false,
      false,
      false,
    ]);
    expect(pool.readyCount('pair')).toBe(1);
    const d = await pool.take('pair', 'd'); // empties the line; its refill is still preparing
    expect(pool.readyCount('pair')).toBe(0);
    expect(giveBack(pool, d, 'd', { ahead: 1, redundancy: 1 })).toBe(true);
    expect(pool.readyCount('pair')).toBe(1);
    pool.close();
  });

  test('with redundancy, a query still offered to others is always released (its taker leaves the line)', async () => {
    const { pool, finishAll } = manualPool(2);
    const take = pool.take('pair', 'a');
    await finishAll();
    const e = await take;
    expect(e.assigned.has('a')).toBe(true);
    expect(pool.readyCount('pair')).toBe(1); // e, still offered to a second annotator
    expect(giveBack(pool, e, 'a', { ahead: 1, redundancy: 2 })).toBe(true);
    expect(e.assigned.has('a')).toBe(false);
    expect(pool.readyCount('pair')).toBe(1); // not listed twice
    pool.close();
  });
});

describe('a server after its clients left', () => {
  const t = useTestServer('leave', {
    ahead: 1,
    streamFps: 240,
    trainerModule: null,
    candidates: 'expert-mix',
    authDelayMs: 1,
    authDelayMaxMs: 1,
  });

  test('per-connection and per-address structures are all 0, and at most `ahead` queries stay ready', async () => {
    const server = t.server;
    const signed = await Promise.all(Array.from({ length: 6 }, () => t.client()));
    // One guesses wrong first (its address is guarded), then signs in (cleared).
    const at = signed[0].messages.length;
    signed[0].send({ type: 'hello', annotator: 'a0', flow: 'pair', token: 'not-the-token' });
    await signed[0].next('error', at);
    expect(server.retained().guardedAddresses).toBe(1);
    await Promise.all(signed.map((c, i) => c.hello(`a${i}`)));
    const idle = await Promise.all(Array.from({ length: 3 }, () => t.client()));
    expect(server.retained()).toMatchObject({ sessions: 9, sockets: 9, pending: 3, guardedAddresses: 0 });

    await Promise.all([...signed, ...idle].map((c) => c.close()));
    await expect
      .poll(() => server.retained())
      .toEqual({ sessions: 0, sockets: 0, pending: 0, pendingAddresses: 0, guardedAddresses: 0 });
    // Six shown queries were given up; the pool keeps its look-ahead, not all six.
    expect(server.pool.readyCount('pair')).toBeLessThanOrEqual(1);
  });
});
