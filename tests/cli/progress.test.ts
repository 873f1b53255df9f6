import { describe, expect, it } from 'vitest';
import { formatDuration, makeProgress, PLAIN_INTERVAL_MS, type ProgressEnv } from '../../cli/progress.ts';

/** A fake stderr and clock: `advance(ms)` moves time and fires the due timer. */
function fakeEnv() {
  const lines: string[] = [];
  let t = 0;
  let timer: { ms: number; fn: () => void; next: number } | null = null;
  const env: ProgressEnv = {
    write: (s) => lines.push(...s.split('\n').filter(Boolean)),
    isTTY: false,
    now: () => t,
    every: (ms, fn) => {
      timer = { ms, fn, next: ms };
      return () => {
        timer = null;
      };
    },
  };
  const advance = (ms: number): void => {
    const end = t + ms;
    while (timer && timer.next <= end) {
      t = timer.next;
      timer.next += timer.ms;
      timer.fn();
    }
    t = end;
  };
  return { env, lines, advance, timerActive: () => timer !== null };
}

describe('progress without a terminal', () => {
  it('prints one line at every 10 % with the rate and the time left', () => {
    const { env, lines, advance } = fakeEnv();
    const p = makeProgress('eval push-T', 20, env);
    for (let i = 0; i < 20; i++) {
      advance(500); // 2 per second
      p.tick();
    }
    p.stop();
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('eval push-T 2/20 (10 %) 2.0/s, 9 s left');
    expect(lines[9]).toBe('eval push-T 20/20 (100 %) 2.0/s, 0 s left');
  });

  it('prints a line at least every 10 s when ticks are slow', () => {
    const { env, lines, advance } = fakeEnv();
    const p = makeProgress('loop', 100, env);
    advance(PLAIN_INTERVAL_MS * 3 + 5); // no tick at all for 30 s
    expect(lines).toEqual([
      'loop 0/100 (0 %) 0.0/s, ? left',
      'loop 0/100 (0 %) 0.0/s, ? left',
      'loop 0/100 (0 %) 0.0/s, ? left',
    ]);
    p.tick();
    advance(PLAIN_INTERVAL_MS);
    expect(lines[3]).toBe('loop 1/100 (1 %) 1.5/min, 1 h 06 m left'); // 1 in 40 s: 99 left take 3960 s
    p.stop();
  });

  it('stops its timer on stop', () => {
    const a = fakeEnv();
    makeProgress('x', 10, a.env).stop();
    expect(a.timerActive()).toBe(false);
  });

  it.each([
    [5, '5 s'],
    [65, '1 m 05 s'],
    [3700, '1 h 01 m'],
    [Infinity, '?'],
  ])('formats %s s as %s', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
});
