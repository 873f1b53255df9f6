import type { World } from '../physics/index.ts';
import type { SimObject } from '../objects/index.ts';
import type { SoftObject } from '../objects/soft-object.ts';
import type { RigidTools, RigidToolName } from '../tools/tools.ts';
import type { Gripper } from '../tools/gripper.ts';
import { packBodies } from '../scene/body-slots.ts';
import type { Frame, Vec3 } from '../types.ts';

/** When an object counts as settled after a primitive. */
export interface SettleConfig {
  /** Largest particle/body speed that counts as at rest, m/s (default 0.02). */
  speed: number;
  /** Consecutive steps below `speed` needed (default 6). */
  steps: number;
  /** Longest settle phase, seconds (default 2). */
  maxTime: number;
}

export const DEFAULT_SETTLE: SettleConfig = { speed: 0.02, steps: 6, maxTime: 2 };

/** Recording rate of episode frames, frames per second. */
export const RECORD_FPS = 30;

/**
 * Steps the world while scripted tool motions play out, recording frames on request.
 * One driver runs one primitive; primitives are short scripts over its methods.
 */
export class Driver {
  readonly frames: Frame[] = [];
  private steps = 0;
  private readonly recordEvery: number;

  constructor(
    private readonly world: World,
    readonly object: SimObject,
    readonly tools: RigidTools,
    readonly grippers: [Gripper, Gripper],
    private readonly record: boolean,
  ) {
    this.recordEvery = Math.max(1, Math.round(1 / (RECORD_FPS * world.timestep)));
    if (record) this.capture();
  }

  get stepCount(): number {
    return this.steps;
  }

  get time(): number {
    return this.steps * this.world.timestep;
  }

  get dt(): number {
    return this.world.timestep;
  }

  step(): void {
    this.world.step();
    this.steps++;
    if (this.record && this.steps % this.recordEvery === 0) this.capture();
  }

  /** The soft object, for gripper primitives; refuses rigid and granular objects. */
  soft(): SoftObject {
    if (this.object.kind !== 'rope' && this.object.kind !== 'cloth') {
      throw new Error(`grippers need a rope or cloth, not ${this.object.kind}`);
    }
    return this.object as SoftObject;
  }

  /** Moves a rigid tool in a straight line to `to` at `speed` m/s. */
  moveTool(tool: RigidToolName, to: Vec3, speed: number, yaw = 0): void {
    const from = this.tools.position(tool);
    this.lerp(from, to, speed, (p) => this.tools.drive(tool, p, yaw));
  }

  /** Moves both grippers in straight lines, arriving together, the slower path at `speed` m/s. */
  moveGrippers(targets: [Vec3 | null, Vec3 | null], speed: number): void {
    const soft = this.soft();
    const from = this.grippers.map((g) => g.position) as [Vec3, Vec3];
    const dist = Math.max(...targets.map((t, i) => (t ? dist3(from[i], t) : 0)));
    const n = Math.max(1, Math.ceil(dist / (speed * this.dt)));
    for (let s = 1; s <= n; s++) {
      targets.forEach((t, i) => {
        if (t) this.grippers[i].drive(soft, mix(from[i], t, s / n));
      });
      this.step();
    }
  }

  /** Steps until the object is at rest (see SettleConfig). Returns true if it timed out. */
  settle(config: SettleConfig = DEFAULT_SETTLE): boolean {
    const maxSteps = Math.ceil(config.maxTime / this.dt);
    let calm = 0;
    for (let s = 0; s < maxSteps; s++) {
      this.step();
      calm = this.object.maxSpeed() < config.speed ? calm + 1 : 0;
      if (calm >= config.steps) return false;
    }
    return true;
  }

  private lerp(from: Vec3, to: Vec3, speed: number, apply: (p: Vec3) => void): void {
    const n = Math.max(1, Math.ceil(dist3(from, to) / (speed * this.dt)));
    for (let s = 1; s <= n; s++) {
      apply(mix(from, to, s / n));
      this.step();
    }
  }

  private capture(): void {
    const tools = this.tools.poses();
    const bodies = packBodies(this.object.poses(), tools, this.grippers[0].pose(), this.grippers[1].pose());
    this.frames.push({ t: this.time, particles: this.object.points(), bodies });
  }
}

export function dist3(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

export function mix(a: Vec3, b: Vec3, s: number): Vec3 {
  return [a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s, a[2] + (b[2] - a[2]) * s];
}
