import { makeRng, seedFor } from '../../core/rng.ts';
import { RAPIER, makeWorld, type World } from '../physics/index.ts';
import type { SimObject } from '../objects/index.ts';
import { Driver, runPrimitive, touchesNothing } from '../primitives/index.ts';
import { Gripper } from '../tools/gripper.ts';
import { makeRigidTools, type RigidTools } from '../tools/tools.ts';
import type { TaskScene, TaskSpec } from '../tasks/task-spec.ts';
import type { Action, Metrics, Observation, Rng, StepResult, Vec3 } from '../types.ts';
import { assertInWorkspace, parseAction } from '../validation/index.ts';
import {
  actionToNormalised,
  actionToWorld,
  cropToBox,
  observationFrame,
  sampleObservation,
  workspaceBox,
} from '../observation/index.ts';
import { packBodies } from './body-slots.ts';
import { decodeSnapshot, encodeSnapshot } from './snapshot-codec.ts';

export interface ApplyOptions {
  /** Record frames of all poses at 30 fps (default false). */
  record?: boolean;
}

/**
 * One task instance: owns a Rapier world with the object, the table and the tools.
 * Call `free()` when done; every method after that throws.
 */
export class Scene implements TaskScene {
  private world: World | null;
  private steps = 0;
  private readonly tools: RigidTools;
  private readonly grippers: [Gripper, Gripper] = [new Gripper([0, 0, 0.3]), new Gripper([0, 0, 0.3])];

  constructor(
    readonly task: TaskSpec,
    readonly seed: number,
    world: World,
    readonly object: SimObject,
    private readonly context: Record<string, number>,
  ) {
    this.world = world;
    this.tools = makeRigidTools(world);
  }

  /** Builds the task's seeded initial state. Rapier must be initialised (`initPhysics`). */
  static create(task: TaskSpec, seed: number): Scene {
    const world = makeWorld(task.world);
    try {
      const { object, context } = task.build(world, makeRng(seed));
      return new Scene(task, seed, world, object, context);
    } catch (e) {
      world.free();
      throw e;
    }
  }

  /** Actions applied since creation. */
  get stepsTaken(): number {
    return this.steps;
  }

  /** Numbers fixed at creation (start metrics, goal pose, keep-out zone...). */
  get info(): Readonly<Record<string, number>> {
    return this.context;
  }

  private live(): World {
    if (!this.world) throw new Error(`scene ${this.task.id}/${this.seed} was freed`);
    return this.world;
  }

  /** World positions [P, 3] of the object's particles (or surface samples). */
  particles(): Float32Array {
    this.live();
    return this.object.points();
  }

  /** The object's points inside the workspace (all of them if none is): what a camera sees. */
  private visible(): Float32Array {
    this.live();
    const all = this.object.points();
    const kept = cropToBox(all, workspaceBox(this.task.workspace));
    return kept.length > 0 ? kept : all;
  }

  /** Centre and scale of the normalised frame for the current state. */
  frame(): { center: Vec3; scale: number } {
    return observationFrame(this.visible(), this.task.obsScale);
  }

  /** The object's point cloud, normalised (METHODS.md §1), `n` points sampled with `rng`. */
  observe(n = 512, rng: Rng = makeRng(seedFor.observation(this.seed, this.steps))): Observation {
    const points = this.visible();
    // Few-particle objects (a 48-particle rope) are densified within the particle radius.
    return sampleObservation(points, observationFrame(points, this.task.obsScale), n, rng, {
      jitterRadius: this.object.radius,
    });
  }

  /** Maps a normalised action to the world frame of the current state. */
  toWorld(action: Action): Action {
    return actionToWorld(action, this.frame());
  }

  /** True when a normalised action would leave the object untouched (tool-path geometry only). */
  touchesNothing(action: Action): boolean {
    return touchesNothing(this.object, this.toWorld(action));
  }

  /** Maps a world-frame action to the normalised frame of the current state. */
  toNormalised(action: Action): Action {
    return actionToNormalised(action, this.frame());
  }

  /** Validates and runs a normalised-frame action until the object settles. */
  apply(action: Action, opts: ApplyOptions = {}): StepResult {
    const a = parseAction(action);
    return this.applyWorld(this.toWorld(a), opts);
  }

  /** Validates and runs a world-frame action until the object settles. */
  applyWorld(action: Action, opts: ApplyOptions = {}): StepResult {
    const world = this.live();
    const a = parseAction(action);
    if (a.primitive !== this.task.primitive) {
      throw new Error(
        `action field primitive: task ${this.task.id} acts by ${this.task.primitive}, found ${a.primitive}` +
          ` (a policy or actor of another task?)`,
      );
    }
    assertInWorkspace(a, this.task.workspace);
    const driver = new Driver(world, this.object, this.tools, this.grippers, opts.record ?? false);
    runPrimitive(driver, a);
    const timedOut = driver.settle(this.task.settle);
    this.steps++;
    if (!this.object.healthy()) {
      throw new Error(`scene ${this.task.id}/${this.seed}: the simulation went non-finite at step ${this.steps}`);
    }
    return {
      metrics: this.metrics(),
      frames: opts.record ? driver.frames : undefined,
      simTime: driver.time,
      physicsSteps: driver.stepCount,
      timedOut,
    };
  }

  metrics(): Metrics {
    this.live();
    return this.task.metrics(this.object, this.context);
  }

  /** True when the success rule of the task holds now. */
  succeeded(m: Metrics = this.metrics()): boolean {
    const { metric, threshold, direction } = this.task.success;
    return direction === 'above' ? m[metric] >= threshold : m[metric] <= threshold;
  }

  /** The per-step task reward (the task's reward metric, higher is better). */
  reward(m: Metrics = this.metrics()): number {
    return m[this.task.rewardMetric];
  }

  /** Rigid poses [R, 7] in the task's body slots (`task.bodies`): the object's bodies, then the tools. */
  poses(): Float32Array {
    this.live();
    const objectPoses = this.object.poses();
    const want = this.task.bodies.objectBodies;
    if (objectPoses.length !== 7 * want) {
      const has = objectPoses.length / 7;
      throw new Error(`task ${this.task.id}: field bodies.objectBodies is ${want}, the object has ${has}`);
    }
    return packBodies(objectPoses, this.tools.poses(), this.grippers[0].pose(), this.grippers[1].pose());
  }

  /** The whole state as bytes; `restore` brings it back exactly. */
  snapshot(): Uint8Array {
    const world = this.live();
    return encodeSnapshot(
      { task: this.task.id, seed: this.seed, stepsTaken: this.steps, context: this.context },
      world.takeSnapshot(),
    );
  }

  restore(bytes: Uint8Array): void {
    this.live();
    const { header, world } = decodeSnapshot(bytes);
    if (header.task !== this.task.id) {
      throw new Error(`restore: snapshot is of task ${header.task}, this scene is ${this.task.id}`);
    }
    const next = RAPIER.World.restoreSnapshot(world);
    if (!next) throw new Error('restore: Rapier could not read the world bytes');
    this.world!.free();
    this.world = next;
    this.steps = header.stepsTaken;
    Object.assign(this.context, header.context);
    this.object.bind(next);
    this.tools.bind(next);
  }

  /** Releases the Rapier world. Idempotent. */
  free(): void {
    this.world?.free();
    this.world = null;
  }
}
