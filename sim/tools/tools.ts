import type { RigidBody } from '@dimforge/rapier3d-compat';
import { RAPIER, type World } from '../physics/index.ts';
import type { Vec3 } from '../types.ts';

/** Tool sizes, metres. The wiper is 0.1 m wide across its direction of motion. */
export const WIPER = { halfWidth: 0.05, halfThickness: 0.005, halfHeight: 0.02 } as const;
export const PUSHER = { radius: 0.01, halfHeight: 0.03 } as const;

/** Where idle tools wait: off the table's working area and above anything that moves. */
const PARK: Vec3 = [0.9, 0.9, 0.5];

export type RigidToolName = 'wiper' | 'pusher';

/** Kinematic rigid tools (wiper, pusher) living in the world, so snapshots include them. */
export class RigidTools {
  private bodies!: Record<RigidToolName, RigidBody>;

  constructor(
    private readonly handles: Record<RigidToolName, number>,
    world: World,
  ) {
    this.bind(world);
  }

  bind(world: World): void {
    const get = (h: number): RigidBody => {
      const b = world.bodies.get(h);
      if (!b) throw new Error(`tool body ${h} is missing from the world`);
      return b;
    };
    this.bodies = { wiper: get(this.handles.wiper), pusher: get(this.handles.pusher) };
  }

  /** Moves a tool to `p` with heading `yaw` over the next step (it pushes what it meets). */
  drive(tool: RigidToolName, p: Vec3, yaw = 0): void {
    const b = this.bodies[tool];
    b.setNextKinematicTranslation({ x: p[0], y: p[1], z: p[2] });
    b.setNextKinematicRotation(yawQuat(yaw));
  }

  /** Places a tool at once (used only in free space, above everything). */
  teleport(tool: RigidToolName, p: Vec3, yaw = 0): void {
    const b = this.bodies[tool];
    b.setTranslation({ x: p[0], y: p[1], z: p[2] }, true);
    b.setRotation(yawQuat(yaw), true);
    this.drive(tool, p, yaw);
  }

  park(tool: RigidToolName): void {
    this.teleport(tool, PARK);
  }

  position(tool: RigidToolName): Vec3 {
    const t = this.bodies[tool].translation();
    return [t.x, t.y, t.z];
  }

  /** Poses [2, 7] in the order wiper, pusher. */
  poses(): Float32Array {
    const out = new Float32Array(14);
    (['wiper', 'pusher'] as const).forEach((name, i) => {
      const t = this.bodies[name].translation();
      const q = this.bodies[name].rotation();
      out.set([t.x, t.y, t.z, q.x, q.y, q.z, q.w], 7 * i);
    });
    return out;
  }
}

function yawQuat(yaw: number): { x: number; y: number; z: number; w: number } {
  return { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) };
}

/** Adds the wiper and pusher, parked. */
export function makeRigidTools(world: World): RigidTools {
  const kin = () => RAPIER.RigidBodyDesc.kinematicPositionBased().setTranslation(...PARK);
  const wiper = world.createRigidBody(kin());
  world.createCollider(
    RAPIER.ColliderDesc.cuboid(WIPER.halfThickness, WIPER.halfWidth, WIPER.halfHeight).setFriction(0.3),
    wiper,
  );
  const pusher = world.createRigidBody(kin());
  // Rapier cylinders stand along local y; turn it to stand along z.
  world.createCollider(
    RAPIER.ColliderDesc.cylinder(PUSHER.halfHeight, PUSHER.radius)
      .setRotation({ x: Math.SQRT1_2, y: 0, z: 0, w: Math.SQRT1_2 })
      .setFriction(0.3),
    pusher,
  );
  return new RigidTools({ wiper: wiper.handle, pusher: pusher.handle }, world);
}
