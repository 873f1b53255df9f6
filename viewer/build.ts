/**
 * Builds the browser bundle: viewer/client/main.ts → viewer/dist/app.js (esbuild, minified, with a
 * source map) plus the static files. Run by `npm run build:viewer`, `npm start` and the tests.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const DIST_DIR = fileURLToPath(new URL('./dist/', import.meta.url));
const STATIC_DIR = fileURLToPath(new URL('./client/static/', import.meta.url));

/** Builds the bundle into `outDir` (default viewer/dist); returns the folder. */
export async function buildViewer(outDir = DIST_DIR): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [fileURLToPath(new URL('./client/main.ts', import.meta.url))],
    outfile: `${outDir}/app.js`,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    logLevel: 'silent',
  });
  for (const f of readdirSync(STATIC_DIR)) copyFileSync(`${STATIC_DIR}/${f}`, `${outDir}/${f}`);
  return outDir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = await buildViewer();
  process.stderr.write(`viewer bundle built in ${dir}\n`);
}
