/** Rolls out K candidates from one snapshot of a scene (runs inside the rollout worker). */
import { encodeObservation } from '../../../reward/store/observation-codec.ts';
import type { Rng, Scene } from '../../../sim/index.ts';
import { FLOW_CANDIDATES, type Flow } from '../../protocol/index.ts';
import type { CandidateSource } from './candidate-source.ts';
import type { PreparedQuery } from './prepared-query.ts';
import { localRollouts, type RolloutBackend } from './rollout-backend.ts';
import { sceneInfo } from './scene-info.ts';

export async function prepareQuery(
  scene: Scene, flow: Flow, source: CandidateSource, rng: Rng, backend: RolloutBackend = localRollouts,
): Promise<PreparedQuery> {
  const k = FLOW_CANDIDATES[flow];
  const snapshot = scene.snapshot();
  const observation = encodeObservation(scene.observe(512, rng));
  const candidates = await source.candidates(scene, k, rng);
  const info = sceneInfo(scene);
  const { worldCandidates, startFrame, frames, metrics } = await backend.run(scene, snapshot, candidates);
  return {
    flow, task: scene.task.id, seed: scene.seed, snapshot, observation, candidates, worldCandidates,
    source: source.name, scene: info, startFrame, frames, metrics,
  };
}
