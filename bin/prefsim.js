#!/usr/bin/env node
// The installed `prefsim` command: runs the compiled CLI in dist/ (built at `npm install` by
// bin/build.mjs). A source newer than the build triggers a rebuild (~0.5 s, only then), so a
// checkout or an edit is never run stale; without esbuild it falls back to tsx.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** True when dist/ exists and no source it was built from changed since. */
function buildIsCurrent() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(`${root}dist/inputs.json`, 'utf8'));
  } catch {
    return false;
  }
  for (const rel of manifest.inputs) {
    try {
      if (statSync(`${root}${rel}`).mtimeMs > manifest.builtAt) return false;
    } catch {
      return false; // a source was removed or renamed
    }
  }
  return true;
}

let compiled = buildIsCurrent();
if (!compiled) {
  try {
    const { buildCli } = await import('./build.mjs');
    await buildCli();
    compiled = true;
  } catch (e) {
    process.stderr.write(
      `prefsim: could not compile the CLI (${e instanceof Error ? e.message.split('\n')[0] : e}); ` +
        'running it through tsx\n',
    );
  }
}
if (compiled) {
  await import('../dist/js/cli-main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../cli/main.ts');
}
