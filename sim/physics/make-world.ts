import { RAPIER, type World } from './rapier.ts';
import { WorldConfigSchema, type WorldConfig } from './world-config.ts';

/** Half-size of the square table top, metres. The table top is the plane z = 0. */
export const TABLE_HALF_SIZE = 1;

/**
 * Makes a world with a fixed table. The caller owns it and must `free()` it.
 * Requires `initPhysics()` to have resolved.
 */
export function makeWorld(config: Partial<WorldConfig> = {}): World {
  const c = WorldConfigSchema.parse(config);
  const world = new RAPIER.World({ x: 0, y: 0, z: c.gravity });
  world.timestep = c.timestep;
  world.lengthUnit = c.lengthUnit;
  world.numSolverIterations = c.solverIterations;
  const params = world.integrationParameters;
  params.softBodiesMaxExtraSubsteps = c.softBodyExtraSubsteps;
  // A copy: changed, then assigned back.
  const recovery = params.softBodiesRecovery;
  recovery.invertedCellDetection = c.softBodyTangleDetection;
  recovery.selfCrossingDetection = c.softBodyTangleDetection;
  params.softBodiesRecovery = recovery;
  const table = world.createRigidBody(RAPIER.RigidBodyDesc.fixed().setTranslation(0, 0, -0.05));
  world.createCollider(
    RAPIER.ColliderDesc.cuboid(TABLE_HALF_SIZE, TABLE_HALF_SIZE, 0.05).setFriction(c.tableFriction),
    table,
  );
  return world;
}
