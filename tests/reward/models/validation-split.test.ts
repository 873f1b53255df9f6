/**
 * The explicit reward's validation split does not move with the training seed (issue 21): the loop
 * trains each round with a new seed, warm-started from the last round, and must validate on
 * episodes that no earlier round trained on.
 */
import { expect, test } from 'vitest';
import { explicitSplit, parseExplicitConfig } from '../../../reward/models/explicit-trainer.ts';
import type { PairData } from '../../../reward/models/pair-data.ts';

test('the same episodes are held for validation whatever the seed, about the configured fraction', () => {
  // 400 states, one per episode, two pairs each.
  const states = Array.from({ length: 400 }, (_, i) => i);
  const data = { states, stateOf: Int32Array.from(states.flatMap((s) => [s, s])) } as unknown as PairData;
  const episodes = states.map((s) => 7000 + s);
  const split = (seed: number) => explicitSplit(data, parseExplicitConfig({ seed, validation: 0.15 }), episodes);
  const a = split(3001),
    b = split(3002);
  expect(Array.from(b.validation)).toEqual(Array.from(a.validation));
  expect(a.validation.length / 800).toBeGreaterThan(0.1);
  expect(a.validation.length / 800).toBeLessThan(0.2);
  // Both pairs of a state fall on the same side.
  const held = new Set(Array.from(a.validation, (i) => data.stateOf[i]));
  for (const i of a.train) expect(held.has(data.stateOf[i])).toBe(false);
});
