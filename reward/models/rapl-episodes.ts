/**
 * Multi-step episodes as RAPL sees them (Tian et al. 2024 rank whole episodes, not single
 * actions): a policy acts `steps` times from a scene's start state, every step recorded; the
 * frames of all steps form one trajectory, and the tool path and final metrics give the
 * teacher's outcome.
 */
import type { Rng } from '../../core/rng.ts';
import type { Scene } from '../../sim/index.ts';
import type { Frame, Metrics } from '../../sim/types.ts';
import { toolMotion } from '../collect/outcome.ts';
import type { Policy } from '../selection/index.ts';
import type { TeacherOutcome } from '../teachers/index.ts';

export interface RecordedEpisode {
  /** Frames of every step, in order. */
  frames: Frame[];
  /** The teacher's view: the final task reward as the one reward, the whole tool path. */
  outcome: TeacherOutcome;
  metrics: Metrics;
}

/** Runs `steps` actions of `policy` (one sample per step) on `scene`, recording every frame. */
export async function recordEpisode(
  scene: Scene,
  policy: Policy,
  steps: number,
  rng: Rng,
  obsPoints = policy.obsPoints,
): Promise<RecordedEpisode> {
  const frames: Frame[] = [];
  const toolPath: TeacherOutcome['toolPath'] = [];
  let first: TeacherOutcome['action'] | null = null;
  for (let k = 0; k < steps; k++) {
    const [a] = await policy.sample(scene.observe(obsPoints, rng.fork()), 1, rng);
    first ??= scene.toWorld(a);
    const res = scene.apply(a, { record: true });
    const f = res.frames ?? [];
    frames.push(...f);
    toolPath.push(...toolMotion(f, a.primitive, scene.task.bodies).path);
  }
  const metrics = scene.metrics();
  return { frames, metrics, outcome: { action: first!, rewards: [scene.reward(metrics)], toolPath, metrics } };
}
