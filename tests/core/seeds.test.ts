/** The seed spaces of core/seeds.ts give, value for value, the arithmetic their callers used before. */
import { describe, expect, test } from 'vitest';
import { SCENE_SEED_SPACES, seedFor } from '../../core/rng.ts';
import { DEMO_SEED_LIMITS, LOOP_SEED_LIMITS } from '../../core/seeds.ts';

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
    expect(seedFor.loopEpisode(0, 0)).toBe(1_000_000);
    expect(seedFor.loopEpisode(7, 53)).toBe(1_700_053);
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
    // The last demo scene stays below the loop's evaluation seeds.
    const { seed, episodesPerSeed } = DEMO_SEED_LIMITS;
    expect(seedFor.demoEpisode(seed, episodesPerSeed - 1)).toBeLessThan(SCENE_SEED_SPACES.loopEvaluation);
    // Labelling scenes (collect, the viewer) start above the loop's last collection seed, below 2^31.
    const lastLoop = seedFor.loopEpisode(LOOP_SEED_LIMITS.runSeed, LOOP_SEED_LIMITS.episodesPerRun - 1);
    expect(SCENE_SEED_SPACES.labelling).toBeGreaterThan(lastLoop);
    expect(SCENE_SEED_SPACES.labelling + 100_000_000).toBeLessThan(2 ** 31);
  });

  test('demo scenes outside the limits are refused, naming the bound', () => {
    // Demo seed 800 would start at 900 000, the loop's first evaluation seed.
    expect(() => seedFor.demoEpisode(800, 0)).toThrow(/demo seed 800: expected an integer in 0…799/);
    expect(() => seedFor.demoEpisode(0, 1000)).toThrow(/demo episode 1000: expected fewer than 1000/);
    expect(() => seedFor.demoEpisode(-1, 0)).toThrow(/demo seed -1/);
  });

  test("loop collection episodes stay above the loop's evaluation seeds and below 2^31, a block per run", () => {
    const { runSeed, episodesPerRun, evalSeeds } = LOOP_SEED_LIMITS;
    const lastEval = SCENE_SEED_SPACES.loopEvaluation + evalSeeds - 1;
    expect(seedFor.loopEpisode(0, 0)).toBeGreaterThan(lastEval);
    expect(seedFor.loopEpisode(runSeed, episodesPerRun - 1)).toBeLessThan(2 ** 31);
    for (const run of [0, 6, 7, 8, 99, runSeed - 1])
      expect(seedFor.loopEpisode(run, episodesPerRun - 1)).toBeLessThan(seedFor.loopEpisode(run + 1, 0));
    // The old layout reaches the evaluation seeds from run seed 7 on: why loopEpisode exists.
    expect(seedFor.loopScene(7, 0, 0)).toBe(SCENE_SEED_SPACES.loopEvaluation);
  });

  test('loop collection episodes outside the limits are refused, naming the bound', () => {
    expect(() => seedFor.loopEpisode(LOOP_SEED_LIMITS.runSeed + 1, 0)).toThrow(/loop seed 20001: expected .*0…20000/);
    expect(() => seedFor.loopEpisode(0, LOOP_SEED_LIMITS.episodesPerRun)).toThrow(/episode 100000/);
    expect(() => seedFor.loopEpisode(-1, 0)).toThrow(/loop seed -1/);
  });
});
