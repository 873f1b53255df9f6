import type { World } from '../physics/index.ts';
import type { SimObject } from '../objects/index.ts';

/** Steps a freshly built world until the object rests (speed < `speed` m/s) or `maxTime` s pass. */
export function settleWorld(world: World, object: SimObject, maxTime = 2, speed = 0.01): void {
  const n = Math.ceil(maxTime / world.timestep);
  let calm = 0;
  for (let i = 0; i < n && calm < 6; i++) {
    world.step();
    calm = object.maxSpeed() < speed ? calm + 1 : 0;
  }
}
