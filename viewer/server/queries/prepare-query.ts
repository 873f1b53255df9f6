/** Rolls out K candidates from one snapshot of a scene (runs inside the rollout worker). */
import { encodeFrame } from '../../../sim/recording/frame-codec.ts';
import { encodeObservation } from '../../../reward/store/observation-codec.ts';
import type { Rng, Scene } from '../../../sim/index.ts';
import { FLOW_CANDIDATES, type Flow } from '../../protocol/index.ts';
import type { CandidateSource } from './candidate-source.ts';
import type { PreparedQuery } from './prepared-query.ts';
import { sceneInfo } from './scene-info.ts';

export async function prepareQuery(scene: Scene, flow: Flow, source: CandidateSource, rng: Rng): Promise<PreparedQuery> {
  const k = FLOW_CANDIDATES[flow];
  const snapshot = scene.snapshot();
  const observation = encodeObservation(scene.observe(512, rng));
  const candidates = await source.candidates(scene, k, rng);
  const worldCandidates = candidates.map((a) => scene.toWorld(a));
  const startFrame = encodeFrame({ t: 0, particles: scene.particles(), bodies: scene.poses() }, 'int16');
  const info = sceneInfo(scene);
  const frames: Uint8Array[][] = [];
  const metrics = [];
  for (const a of candidates) {
    scene.restore(snapshot);
    const r = scene.apply(a, { record: true });
    frames.push((r.frames ?? []).map((f) => encodeFrame(f, 'int16')));
    metrics.push(r.metrics);
  }
  return {
    flow, task: scene.task.id, seed: scene.seed, snapshot, observation, candidates, worldCandidates,
    source: source.name, scene: info, startFrame, frames, metrics,
  };
}
