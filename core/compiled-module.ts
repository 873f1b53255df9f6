import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

declare global {
  /** Set by the compiled bundles in dist/ (bin/build.mjs): the URL of dist/. */
  var __prefsimDist: string | undefined;
}

let compiledModules: Record<string, string> | undefined;

/**
 * The module a thread should import for the TypeScript source `url`. In the compiled CLI
 * (bin/build.mjs) that is the source's bundle in dist/, so worker threads start without tsx;
 * under tsx or vitest, or for a module with no bundle, it is `url` itself (`compiled: false`:
 * the thread registers tsx first).
 */
export function runnableModule(url: URL): { url: URL; compiled: boolean } {
  const dist = globalThis.__prefsimDist;
  if (!dist || url.protocol !== 'file:') return { url, compiled: false };
  const root = new URL('../', dist).href;
  if (!url.href.startsWith(root)) return { url, compiled: false };
  // dist/inputs.json: { modules: { "pipeline/eval/worker.ts": "js/pipeline-eval-worker.js", … } }
  compiledModules ??= (
    JSON.parse(readFileSync(fileURLToPath(new URL('inputs.json', dist)), 'utf8')) as { modules: Record<string, string> }
  ).modules;
  const out = compiledModules[decodeURIComponent(url.href.slice(root.length))];
  return out ? { url: new URL(out, dist), compiled: true } : { url, compiled: false };
}
