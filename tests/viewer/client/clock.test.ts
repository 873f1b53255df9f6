/** The shared playback clock: short clips are stretched to a readable replay, and the end state stays. */
import { describe, expect, test } from 'vitest';
import { PlaybackClock } from '../../../viewer/client/clock.ts';

/** Ticks the clock in 1/60 s steps until it stops or `limit` wall seconds pass; returns wall seconds. */
function playOut(clock: PlaybackClock, limit = 30): number {
  let wall = 0;
  while (clock.playing && wall < limit) {
    clock.tick(1 / 60);
    wall += 1 / 60;
  }
  return wall;
}

describe('PlaybackClock', () => {
  test.each([[0.4], [1.0], [1.4]])('a %s s clip replays over at least 1.5 s at 1×', (duration) => {
    const c = new PlaybackClock(30);
    c.reset(duration);
    expect(playOut(c)).toBeGreaterThanOrEqual(1.5 - 1 / 60);
    expect(c.t).toBe(duration);
  });

  test('a long clip plays at its own speed', () => {
    const c = new PlaybackClock(30);
    c.reset(3);
    expect(c.stretch).toBe(1);
    expect(playOut(c)).toBeCloseTo(3, 1);
  });

  test('without loop it stops on the end state and stays there', () => {
    const c = new PlaybackClock(30);
    c.reset(0.5);
    playOut(c);
    expect(c.playing).toBe(false);
    expect(c.atEnd).toBe(true);
    for (let i = 0; i < 600; i++) c.tick(1 / 60);
    expect(c.frame).toBe(15);
  });

  test('with loop it holds the end state, then starts again', () => {
    const c = new PlaybackClock(30);
    c.reset(2);
    c.loop = true;
    c.hold = 0.5;
    let ticks = 0;
    while (c.t < 2 && ticks < 1000) {
      c.tick(1 / 60);
      ticks++;
    }
    expect(c.t).toBe(2);
    let held = 0;
    while (c.t === 2 && held < 1000) {
      c.tick(1 / 60);
      held++;
    }
    expect(held / 60).toBeCloseTo(0.5, 1);
    expect(c.t).toBe(0);
    expect(c.playing).toBe(true);
  });

  test('speed multiplies the stretched rate', () => {
    const c = new PlaybackClock(30);
    c.reset(0.75);
    c.speed = 2;
    expect(playOut(c)).toBeCloseTo(0.75, 1);
  });
});
