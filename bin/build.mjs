// Compiles the CLI and the worker-thread modules it starts into dist/ (esbuild, one bundle per
// entry, npm packages left external). Run by `npm install` (prepare) and by bin/prefsim.js when a
// source is newer than the build. Plain JavaScript so it runs before anything is compiled.
//
// Sources find files next to themselves with `new URL('./x', import.meta.url)` (models/, viewer
// assets, worker modules). A bundle would move every import.meta.url to the bundle's own place,
// so each source's import.meta.url is rewritten to its original file's URL, computed from the
// bundle's location: the repository can still be moved after the build.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist');
export const INPUTS_FILE = join(DIST, 'inputs.json');

/** Every module the CLI runs: the command, and each module a worker thread or pool imports by URL. */
export const ENTRIES = [
  'cli/main.ts',
  'pipeline/eval/worker.ts',
  'pipeline/queue/thread.ts',
  'reward/models/explicit-member-worker.ts',
  'pipeline/loop/collect-episode.ts',
  'viewer/server/live-model/train-worker.ts',
  'viewer/server/live-model/explicit-live-trainer.ts',
  'viewer/server/queries/rollout-worker.ts',
];

/** Rewrites import.meta.url in our own TypeScript sources to the source file's URL. */
const sourceUrlPlugin = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const rel = relative(ROOT, args.path).split('\\').join('/');
      const text = readFileSync(args.path, 'utf8').replaceAll(
        'import.meta.url',
        `new URL(${JSON.stringify(rel)}, __prefsimRoot).href`,
      );
      return { contents: text, loader: 'ts' };
    });
  },
};

/** dist/js/<name>.js for a source entry: every output sits two levels below the root. */
export function outName(entry) {
  return entry.replace(/\.ts$/, '').split('/').join('-');
}

async function buildAll(outDir) {
  const result = await build({
    entryPoints: ENTRIES.map((e) => ({ in: join(ROOT, e), out: `js/${outName(e)}` })),
    outdir: outDir,
    chunkNames: 'js/chunk-[hash]',
    bundle: true,
    splitting: true, // shared code once, and a command's libraries load only when it runs
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
    plugins: [sourceUrlPlugin],
    banner: {
      js: [
        'const __prefsimRoot = new URL("../../", import.meta.url);',
        'globalThis.__prefsimDist ??= new URL("dist/", __prefsimRoot).href;',
      ].join('\n'),
    },
  });
  return Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules/'));
}

/**
 * Builds every entry into a temporary folder, then swaps it in for dist/ so a concurrent start
 * never reads a half-written bundle. Returns the number of source files compiled.
 */
export async function buildCli() {
  const tmp = join(ROOT, `.dist-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const startedAt = Date.now(); // a source saved during the build is newer than the build
  try {
    const inputs = await buildAll(tmp);
    // Paths in the metafile are relative to the working directory; store them relative to ROOT.
    const rels = inputs.map((p) => relative(ROOT, join(process.cwd(), p)).split('\\').join('/')).sort();
    const modules = Object.fromEntries(ENTRIES.map((e) => [e, `js/${outName(e)}.js`]));
    writeFileSync(join(tmp, 'inputs.json'), JSON.stringify({ builtAt: startedAt, modules, inputs: rels }) + '\n');
    const old = join(ROOT, `.dist-old-${process.pid}`);
    try {
      renameSync(DIST, old);
    } catch {
      /* no earlier build */
    }
    renameSync(tmp, DIST);
    rmSync(old, { recursive: true, force: true });
    return rels.length;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const n = await buildCli();
  process.stderr.write(`prefsim: compiled ${n} source files into ${relative(process.cwd(), DIST)}/\n`);
}
