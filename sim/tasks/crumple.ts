import type { SoftObject } from '../objects/index.ts';
import type { World } from '../physics/index.ts';
import { Gripper } from '../tools/gripper.ts';
import type { Rng, Vec3 } from '../types.ts';
import { settleWorld } from './settle-world.ts';

/**
 * Crumples a flat cloth (square or garment) as DeformPAM's initial states are made: a gripper lifts a random
 * particle, moves it, and drops the cloth; repeated `drops` times.
 */
export function crumple(world: World, cloth: SoftObject, rng: Rng, drops: number): void {
  const g = new Gripper([0, 0, 0]);
  const drive = (to: Vec3, speed: number) => {
    const from = g.position;
    const n = Math.max(
      1,
      Math.ceil(Math.hypot(to[0] - from[0], to[1] - from[1], to[2] - from[2]) / (speed * world.timestep)),
    );
    for (let s = 1; s <= n; s++) {
      g.drive(cloth, [
        from[0] + ((to[0] - from[0]) * s) / n,
        from[1] + ((to[1] - from[1]) * s) / n,
        from[2] + ((to[2] - from[2]) * s) / n,
      ]);
      world.step();
    }
  };
  for (let k = 0; k < drops; k++) {
    const i = rng.int(cloth.numParticles);
    g.place(cloth.particle(i));
    g.grasp(cloth, 0.001);
    drive([rng.uniform(-0.08, 0.08), rng.uniform(-0.08, 0.08), rng.uniform(0.15, 0.3)], 1.0);
    // A quick swirl before letting go folds the hanging cloth over itself.
    const c = g.position;
    drive([c[0] + rng.uniform(-0.12, 0.12), c[1] + rng.uniform(-0.12, 0.12), 0.05], 1.5);
    g.release(cloth);
    settleWorld(world, cloth, 1, 0.05);
  }
  settleWorld(world, cloth, 1.5);
}
