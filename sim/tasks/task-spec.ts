import type { World, WorldConfig } from '../physics/index.ts';
import type { SimObject } from '../objects/index.ts';
import type { SettleConfig } from '../primitives/index.ts';
import type { BodySlots } from '../scene/body-slots.ts';
import type { Action, Metrics, Primitive, Rng, StepResult } from '../types.ts';

/** How a task's success is read from its metrics. */
export interface SuccessRule {
  metric: string;
  threshold: number;
  /** 'above': success when metric ≥ threshold; 'below': when metric ≤ threshold. */
  direction: 'above' | 'below';
}

/** An axis-aligned rectangle on the table (world, metres). */
export interface KeepOutBox {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/** A rectangle in some 2-D frame: centre (cx, cy) and half sizes (hx, hy), metres. */
export type Rect = [number, number, number, number];

/** The goal as the viewer draws it, world frame (the wire form is viewer/protocol GoalSchema). */
export type TaskGoal =
  | { shape: 'circle'; cx: number; cy: number; r: number }
  /** A T as rectangles in its own frame, placed at (x, y) turned by theta (rad). */
  | { shape: 't'; rects: Rect[]; x: number; y: number; theta: number }
  /** A square of side `size` centred at (cx, cy). */
  | { shape: 'square'; cx: number; cy: number; size: number }
  /** A polygon (a garment's flat outline) of [x, y] corners about (cx, cy). */
  | { shape: 'outline'; cx: number; cy: number; points: [number, number][] };

/**
 * What a task's expert may ask of the scene it plans for (the Scene implements it). Declared
 * here, not imported from sim/scene, so a task and the scene do not import each other.
 */
export interface TaskScene {
  readonly task: TaskSpec;
  readonly object: SimObject;
  /** World positions [P, 3] of the object's particles. */
  particles(): Float32Array;
  toNormalised(action: Action): Action;
  snapshot(): Uint8Array;
  restore(bytes: Uint8Array): void;
  apply(action: Action): StepResult;
  /** The task's metrics of the current state. */
  metrics(): Metrics;
  reward(m?: Metrics): number;
}

/**
 * Everything that makes a task: its object, initial-state distribution, metrics, goal and expert,
 * and what the other layers ask about it (rotation invariance, the drawn goal, the keep-out box,
 * the rigid-body slots, what "better" means to an annotator). No folder outside sim/ branches on
 * a task id: it reads these fields. Pure description plus builders; the Scene owns the world.
 */
export interface TaskSpec {
  id: string;
  title: string;
  /** One line for the annotator: what makes one outcome better than another in this task. */
  better: string;
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
  /**
   * True when the goal does not change under rotation about z through the object's centre (rope
   * circle, cloth coverage), so training samples may be rotated whole; false for a goal fixed on
   * the table (push-T, granular-T).
   */
  rotationInvariant: boolean;
  /** A table region no metric uses that style teachers penalise entering, or null. */
  keepOut: KeepOutBox | null;
  /** Rigid-body slots of `Scene.poses()` and of recorded frames. */
  bodies: BodySlots;
  world: Partial<WorldConfig>;
  settle: SettleConfig;
  /** Adds the object to `world` in a random initial state and lets it come to rest. */
  build(world: World, rng: Rng): { object: SimObject; context: Record<string, number> };
  /** Task metrics of the current state; `context` holds numbers fixed at creation. */
  metrics(object: SimObject, context: Record<string, number>): Metrics;
  /**
   * The goal to draw for a scene with creation numbers `context` (`Scene.info`) and the object's
   * current particles (world, [P, 3]), or null. A goal that follows the object (the rope's ring,
   * granular-T's T, as their metrics ignore translation) is drawn where the metric puts it now.
   */
  goal(context: Readonly<Record<string, number>>, particles: Float32Array): TaskGoal | null;
  /** `k` good, diverse actions for the current state, in the normalised frame. */
  expert(scene: TaskScene, rng: Rng, k: number): Action[];
}
