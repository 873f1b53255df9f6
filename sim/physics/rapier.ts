/**
 * The Rapier WASM module, initialised once per process or worker thread.
 */
import RAPIER from '@dimforge/rapier3d-compat';

export { RAPIER };
export type World = InstanceType<typeof RAPIER.World>;

let ready: Promise<void> | null = null;

/** Initialises Rapier's WASM once; later calls return the same promise. */
export function initPhysics(): Promise<void> {
  ready ??= RAPIER.init().then(() => undefined);
  return ready;
}
