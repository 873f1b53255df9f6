/** The playback keys, one switch for the labelling page and the episode viewer. */
import { describe, expect, test } from 'vitest';
import { PlaybackClock } from '../../../viewer/client/clock.ts';
import { transportKey } from '../../../viewer/client/ui/transport-key.ts';

/** A transport that records what it was asked to do (the real one needs the page's DOM). */
function fakeTransport() {
  const calls: string[] = [];
  return {
    calls,
    toggle: () => calls.push('toggle'),
    faster: (dir: 1 | -1) => calls.push(`faster ${dir}`),
    toggleLoop: () => calls.push('loop'),
  };
}

describe('transportKey', () => {
  test.each([
    ['k', ['toggle']],
    ['[', ['faster -1']],
    [']', ['faster 1']],
    ['l', ['loop']],
  ])('%s goes to the transport', (key, calls) => {
    const t = fakeTransport();
    expect(transportKey(key, t, new PlaybackClock(30))).toBe(true);
    expect(t.calls).toEqual(calls);
  });

  test('. and , step the clock one frame forward and back', () => {
    const t = fakeTransport();
    const clock = new PlaybackClock(30);
    clock.reset(1);
    clock.playing = false;
    expect(transportKey('.', t, clock)).toBe(true);
    expect(transportKey('.', t, clock)).toBe(true);
    expect(clock.frame).toBe(2);
    expect(transportKey(',', t, clock)).toBe(true);
    expect(clock.frame).toBe(1);
    expect(t.calls).toEqual([]);
  });

  test.each(['ArrowLeft', 'u', 'p', 'K'])('%s is left to the caller', (key) => {
    const t = fakeTransport();
    expect(transportKey(key, t, new PlaybackClock(30))).toBe(false);
    expect(t.calls).toEqual([]);
  });
});
