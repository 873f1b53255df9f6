export { RAPIER, initPhysics, type World } from './rapier.ts';
export { makeWorld, TABLE_HALF_SIZE } from './make-world.ts';
export { WorldConfigSchema, type WorldConfig } from './world-config.ts';
