import { makeRng } from '../../core/rng.ts';
import type { Scene } from '../scene/scene.ts';
import type { Action, Frame, Metrics } from '../types.ts';
import type { Actor } from './actors.ts';

/** One step of an episode: the action (normalised and world frames) and the metrics after it. */
export interface EpisodeStep {
  step: number;
  action: Action;
  worldAction: Action;
  metrics: Metrics;
  success: boolean;
  ms: number;
}

export interface EpisodeResult {
  task: string;
  seed: number;
  start: Metrics;
  steps: EpisodeStep[];
  final: Metrics;
  success: boolean;
  /** Steps to success; a failure counts as the step limit (METHODS.md §8). */
  stepsToSuccess: number;
  frames?: Frame[][];
}

export interface EpisodeOptions {
  steps?: number;
  /** Seed of the actor's randomness (default: the scene seed). */
  actorSeed?: number;
  /** Stop at the first success (default true). */
  stopOnSuccess?: boolean;
  record?: boolean;
  onStep?: (s: EpisodeStep) => void;
}

/** Runs `actor` on `scene` for up to `steps` actions (default the task's limit). */
export async function runEpisode(scene: Scene, actor: Actor, opts: EpisodeOptions = {}): Promise<EpisodeResult> {
  const limit = opts.steps ?? scene.task.maxSteps;
  const rng = makeRng(opts.actorSeed ?? scene.seed);
  const start = scene.metrics();
  const steps: EpisodeStep[] = [];
  const frames: Frame[][] = [];
  let success = scene.succeeded(start);
  for (let k = 0; k < limit && !(success && (opts.stopOnSuccess ?? true)); k++) {
    const action = await actor(scene, rng);
    const worldAction = scene.toWorld(action);
    const t0 = performance.now();
    const r = scene.apply(action, { record: opts.record });
    const step: EpisodeStep = {
      step: k + 1,
      action,
      worldAction,
      metrics: r.metrics,
      success: scene.succeeded(r.metrics),
      ms: performance.now() - t0,
    };
    success = step.success;
    steps.push(step);
    if (r.frames) frames.push(r.frames);
    opts.onStep?.(step);
  }
  const firstSuccess = steps.findIndex((s) => s.success);
  return {
    task: scene.task.id,
    seed: scene.seed,
    start,
    steps,
    final: steps.length ? steps[steps.length - 1].metrics : start,
    success,
    stepsToSuccess: scene.succeeded(start) ? 0 : firstSuccess >= 0 ? firstSuccess + 1 : scene.task.maxSteps,
    frames: opts.record ? frames : undefined,
  };
}
