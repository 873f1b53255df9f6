// The one worker-thread entry of every prefsim pool. A compiled module (dist/, see
// core/compiled-module.ts) is imported as is; a TypeScript one needs tsx's hooks, which worker
// threads do not inherit from the main thread on Node 20, so they are registered first.
const loaded = new Map();
let tsx;

/** Runs `payload` through the default export of the module at `module` (a file URL). */
export default async function ({ module, payload }) {
  if (!loaded.has(module)) {
    if (module.endsWith('.ts')) await (tsx ??= import('tsx/esm/api').then((m) => m.register()));
    loaded.set(module, import(module));
  }
  const mod = await loaded.get(module);
  return mod.default(payload);
}

/** Before a pool ends a thread: each loaded module's own `teardown` (frees its sessions and worlds). */
export async function teardown() {
  for (const mod of loaded.values()) {
    const m = await mod;
    if (typeof m.teardown === 'function') await m.teardown();
  }
}
