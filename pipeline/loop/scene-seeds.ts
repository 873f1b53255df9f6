/**
 * Where a loop round's collection scenes come from. Query q of a round is the (q mod Q_s)-th query
 * along the episode of its ⌊q / Q_s⌋-th scene. Runs number their episodes 0, 1, … across rounds
 * and take each scene seed from their own block above the evaluation seeds (`seedFor.loopEpisode`);
 * runs saved before that use the old layout (`seedFor.loopScene`), so they resume bit for bit.
 */
import { seedFor } from '../../core/seeds.ts';

/** Queries along one episode before a new scene seed (as `prefsim collect`). */
export const QUERIES_PER_SCENE = 4;

/** Scene seed layouts: `episodes` (disjoint from evaluation) or `legacy` (200000 + 100000·run + …). */
export const SCENE_SEED_LAYOUTS = ['episodes', 'legacy'] as const;
export type SceneSeedLayout = (typeof SCENE_SEED_LAYOUTS)[number];

/** Scenes (episodes) a round of `queriesPerRound` queries runs. */
export const scenesPerRound = (queriesPerRound: number): number => Math.ceil(queriesPerRound / QUERIES_PER_SCENE);

/** Scene seed of scene `scene` of round `round` of run seed `runSeed` (rounds of `queriesPerRound`). */
export function sceneSeed(
  layout: SceneSeedLayout,
  runSeed: number,
  queriesPerRound: number,
  round: number,
  scene: number,
): number {
  return layout === 'legacy'
    ? seedFor.loopScene(runSeed, round, scene)
    : seedFor.loopEpisode(runSeed, round * scenesPerRound(queriesPerRound) + scene);
}
