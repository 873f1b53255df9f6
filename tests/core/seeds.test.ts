/** The seed spaces of core/seeds.ts give, value for value, the arithmetic their callers used before. */
import { describe, expect, test } from 'vitest';
import { SCENE_SEED_SPACES, seedFor } from '../../core/rng.ts';

describe('seed spaces', () => {
  test('each space is the historical arithmetic', () => {
    expect(seedFor.observation(7, 3)).toBe(7003);
    expect(seedFor.evalCandidates(5, 2)).toBe(39_597);
    expect(seedFor.rolloutWorker(12)).toBe(95_029);
    expect(seedFor.implicitDraws(3)).toBe(23_774);
    expect(seedFor.implicitValidation(4)).toBe(1019);
    expect(seedFor.implicitSplit(2)).toBe(67);
    expect(seedFor.explicitValidation(1)).toBe(0x7a11e);
    expect(seedFor.demoEpisode(3, 41)).toBe(103_041);
    expect(seedFor.policyEpoch(0, 0)).toBe(2654435761);
    expect(seedFor.policyEpoch(2, 5)).toBe((3 * 2654435761 + 5 * 40503) >>> 0);
    expect(seedFor.policyEpoch(2, 5)).toBe(3668542502);
    expect(seedFor.loopScene(1, 2, 3)).toBe(320_003);
    expect(seedFor.loopQuery(200_000, 1)).toBe(Math.imul(200_000, 0x9e3779b1) ^ (0x85ebca77 + 0x5bd1e995));
    expect(seedFor.loopQuery(200_000, 1)).toBe(765648204);
    expect(seedFor.loopTrain(4, 2)).toBe(4002);
    expect(seedFor.raplLookahead(2, 1)).toBe(2_000_007);
  });

  test('scene-seed spaces are disjoint for the counts the commands allow', () => {
    // eval --seeds ≤ 100 000; demos use 1000 per demo seed; loop runs 100 000 per run seed.
    expect(SCENE_SEED_SPACES.evaluation + 100_000).toBeLessThanOrEqual(SCENE_SEED_SPACES.demos);
    expect(seedFor.demoEpisode(0, 0)).toBe(SCENE_SEED_SPACES.demos);
    expect(seedFor.loopScene(0, 0, 0)).toBe(SCENE_SEED_SPACES.loopCollection);
  });
});
