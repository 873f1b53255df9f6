import type { World, WorldConfig } from '../physics/index.ts';
import type { SimObject } from '../objects/index.ts';
import type { SettleConfig } from '../primitives/index.ts';
import type { Action, Metrics, Primitive, Rng } from '../types.ts';
import type { Scene } from '../scene/scene.ts';

/** How a task's success is read from its metrics. */
export interface SuccessRule {
  metric: string;
  threshold: number;
  /** 'above': success when metric ≥ threshold; 'below': when metric ≤ threshold. */
  direction: 'above' | 'below';
}

/**
 * Everything that makes a task: its object, initial-state distribution, metrics, goal and expert.
 * Pure description plus builders; the Scene owns the world.
 */
export interface TaskSpec {
  id: string;
  title: string;
  primitive: Primitive;
  /** Step limit of an episode (paper: 20 rope, 15 granules, 10 cloth). */
  maxSteps: number;
  success: SuccessRule;
  /** Metric the per-step task reward and teachers read (higher is better). */
  rewardMetric: string;
  /** Metres per normalised unit of the observation frame (METHODS.md §1). */
  obsScale: number;
  /** Action points must lie within |x|, |y| ≤ half and 0 ≤ z ≤ zMax (world, metres). */
  workspace: { half: number; zMax: number };
  world: Partial<WorldConfig>;
  settle: SettleConfig;
  /** Adds the object to `world` in a random initial state and lets it come to rest. */
  build(world: World, rng: Rng): { object: SimObject; context: Record<string, number> };
  /** Task metrics of the current state; `context` holds numbers fixed at creation. */
  metrics(object: SimObject, context: Record<string, number>): Metrics;
  /** `k` good, diverse actions for the current state, in the normalised frame. */
  expert(scene: Scene, rng: Rng, k: number): Action[];
}
