/**
 * Every derived seed of prefsim, in one place: each named space says which stream it seeds and
 * how its numbers are made from the run's seed. Spaces are kept apart so two streams never share
 * a seed by accident: scene seeds of evaluation are 0…99 999 (the `--seeds` count), demo episodes
 * 100 000…899 999, the loop's evaluation 900 000…999 999 and its collection 1 000 000+
 * (`loopEpisode`; `loopScene`, 200 000+, is the old layout, kept for runs that started with it),
 * and scenes collected for labelling (`prefsim collect`, the viewer) 2 002 000 000+; the rest mix a
 * seed with a distinct prime or constant. The arithmetic is the historical one, value for value
 * (tests/core/seeds.test.ts pins it).
 */

/** Offsets that separate scene-seed spaces. */
export const SCENE_SEED_SPACES = {
  evaluation: 0,
  demos: 100_000,
  /** The old loop collection layout (`loopScene`): run seeds ≥ 7 reach the loop's evaluation seeds. */
  loopCollection: 200_000,
  loopEvaluation: 900_000,
  loopEpisodes: 1_000_000,
  /**
   * Scenes that `collect` and the viewer hand out for labelling, above the loop's last collection
   * seed (1 000 000 + 20 000 · 100 000 + 99 999), so labels never share a scene with an evaluation,
   * a demo or a loop run; 145 million seeds remain below 2³¹.
   */
  labelling: 2_002_000_000,
} as const;

/** Demo seeds and episodes per demo seed that keep demo scenes below the loop's evaluation seeds. */
export const DEMO_SEED_LIMITS = { seed: 799, episodesPerSeed: 1000 } as const;

/**
 * Bounds that keep the loop's scene seeds apart (the loop's config enforces them): evaluation
 * seeds per round, episodes (collection scenes) per run over all its rounds, and the run seed.
 * The largest collection seed, 1 000 000 + 20 000 · 100 000 + 99 999, stays below 2³¹.
 */
export const LOOP_SEED_LIMITS = { evalSeeds: 100_000, episodesPerRun: 100_000, runSeed: 20_000 } as const;

export const seedFor = {
  /** Default sampling stream of `Scene.observe` at step `step` of the scene with seed `scene`. */
  observation: (scene: number, step: number): number => scene * 1000 + step,
  /** Candidates a plain eval method (expert, random) reports for diversity, per decision. */
  evalCandidates: (job: number, step: number): number => job * 7919 + step,
  /** The viewer's rollout worker: its candidate stream for the episode with seed `scene`. */
  rolloutWorker: (scene: number): number => scene * 7919 + 1,
  /** The implicit reward's (t, ε) draws (model seed `seed`). */
  implicitDraws: (seed: number): number => seed * 7919 + 17,
  /** The implicit trainer's validation draws. */
  implicitValidation: (seed: number): number => seed * 7 + 991,
  /** The implicit trainer's train/validation split. */
  implicitSplit: (seed: number): number => seed * 31 + 5,
  /** The explicit member's validation split: the member seed plus a constant. */
  explicitValidation: (seed: number): number => seed + 0x7a11d,
  /** Initial state of demo episode `e` of demo seed `seed` (apart from evaluation seeds). */
  demoEpisode: (seed: number, e: number): number => {
    if (!Number.isInteger(seed) || seed < 0 || seed > DEMO_SEED_LIMITS.seed)
      throw new Error(`demo seed ${seed}: expected an integer in 0…${DEMO_SEED_LIMITS.seed}`);
    if (!Number.isInteger(e) || e < 0 || e >= DEMO_SEED_LIMITS.episodesPerSeed)
      throw new Error(
        `demo episode ${e}: expected fewer than ${DEMO_SEED_LIMITS.episodesPerSeed} episodes per demo seed`,
      );
    return SCENE_SEED_SPACES.demos + DEMO_SEED_LIMITS.episodesPerSeed * seed + e;
  },
  /** Epoch `e` of policy training: independent of earlier epochs, so resuming is exact. */
  policyEpoch: (seed: number, e: number): number => ((seed + 1) * 2654435761 + e * 40503) >>> 0,
  /** Old layout of loop collection (runs started before `loopEpisode`): run ≥ 7 overlaps evaluation. */
  loopScene: (run: number, round: number, scene: number): number =>
    SCENE_SEED_SPACES.loopCollection + run * 100_000 + round * 10_000 + scene,
  /**
   * Collection episode `episode` (0, 1, … over all rounds) of loop run seed `run`: each run has
   * its own block of `LOOP_SEED_LIMITS.episodesPerRun` seeds above the loop's evaluation seeds.
   */
  loopEpisode: (run: number, episode: number): number => {
    const { runSeed, episodesPerRun } = LOOP_SEED_LIMITS;
    if (!Number.isInteger(run) || run < 0 || run > runSeed)
      throw new Error(`loop seed ${run}: expected an integer in 0…${runSeed}`);
    if (!Number.isInteger(episode) || episode < 0 || episode >= episodesPerRun)
      throw new Error(`loop collection episode ${episode}: expected an integer in 0…${episodesPerRun - 1}`);
    return SCENE_SEED_SPACES.loopEpisodes + run * episodesPerRun + episode;
  },
  /** One loop query: its scene seed and its place along the episode. */
  loopQuery: (scene: number, within: number): number =>
    Math.imul(scene, 0x9e3779b1) ^ (within * 0x85ebca77 + 0x5bd1e995),
  /** The reward trained in loop round `round` of run seed `run`. */
  loopTrain: (run: number, round: number): number => run * 1000 + round,
  /** The `call`-th RAPL look-ahead rollout of an eval job with seed `job`. */
  raplLookahead: (job: number, call: number): number => job * 1_000_003 + call,
} as const;

export type SeedSpace = keyof typeof seedFor;
