// The one worker-thread entry of every prefsim pool. Worker threads do not inherit the main
// thread's tsx hooks on Node 20, so register them here, then run the task's TypeScript module.
import { register } from 'tsx/esm/api';

register();
const loaded = new Map();

/** Runs `payload` through the default export of the module at `module` (a file URL). */
export default async function ({ module, payload }) {
  if (!loaded.has(module)) loaded.set(module, import(module));
  const mod = await loaded.get(module);
  return mod.default(payload);
}
