/**
 * Builds the browser bundle: viewer/client/main.ts → `outDir`/app.js (esbuild, minified) plus the
 * static files, with gzip and brotli copies that the server sends to browsers that accept them.
 * A build is skipped when a stamp in `outDir` shows the same esbuild version and the same bytes in
 * every bundled input, so an unchanged `serve` starts without rebuilding. Run by
 * `npm run build:viewer`, `prefsim serve` and the tests.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { build, version as esbuildVersion } from 'esbuild';

export const DIST_DIR = fileURLToPath(new URL('./dist/', import.meta.url));
const STATIC_DIR = fileURLToPath(new URL('./client/static/', import.meta.url));
const ENTRY = fileURLToPath(new URL('./client/main.ts', import.meta.url));
/** Inputs are recorded relative to this folder, so a stamp survives moving the checkout. */
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const STAMP = 'build-stamp.json';
/** Compressed copies are written for these outputs (the browser asks for nothing else that is big). */
const COMPRESSED = ['app.js', 'index.html', 'style.css'];

export interface BuildOptions {
  /** Rebuild even when the stamp matches. */
  force?: boolean;
  /** Write app.js.map beside the bundle (4–5 MB; for debugging the client). */
  sourcemap?: boolean;
}

export interface BuildResult {
  dir: string;
  /** False when the stamp matched and nothing was written. */
  built: boolean;
  /** app.js bytes: raw and as sent gzip- and brotli-encoded. */
  bytes: { raw: number; gzip: number; brotli: number };
}

interface Stamp {
  esbuild: string;
  sourcemap: boolean;
  /** sha256 of every input file (bundled sources and static files), by path relative to ROOT. */
  inputs: Record<string, string>;
  bytes: BuildResult['bytes'];
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function readStamp(outDir: string): Stamp | null {
  try {
    return JSON.parse(readFileSync(join(outDir, STAMP), 'utf8')) as Stamp;
  } catch {
    return null;
  }
}

/** True when every input of the stamped build still has the stamped bytes and the outputs exist. */
function stampIsCurrent(outDir: string, stamp: Stamp, sourcemap: boolean): boolean {
  if (stamp.esbuild !== esbuildVersion || stamp.sourcemap !== sourcemap) return false;
  if (!existsSync(join(outDir, 'app.js'))) return false;
  const staticNow = readdirSync(STATIC_DIR).map((f) => relative(ROOT, join(STATIC_DIR, f)));
  for (const f of staticNow) if (!(f in stamp.inputs)) return false;
  for (const [file, hash] of Object.entries(stamp.inputs)) {
    const abs = resolve(ROOT, file);
    if (!existsSync(abs) || sha256(abs) !== hash) return false;
  }
  return true;
}

function compress(file: string): { gzip: number; brotli: number } {
  const raw = readFileSync(file);
  const gz = gzipSync(raw, { level: 9 });
  // Brotli quality 9: 225 kB for app.js in 0.25 s; quality 10 saves 16 kB for 2 s per build.
  const br = brotliCompressSync(raw, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  writeFileSync(`${file}.gz`, gz);
  writeFileSync(`${file}.br`, br);
  return { gzip: gz.length, brotli: br.length };
}

/** Builds the bundle into `outDir` (default viewer/dist) unless it is current; returns what it did. */
export async function buildViewerBundle(outDir = DIST_DIR, options: BuildOptions = {}): Promise<BuildResult> {
  const sourcemap = options.sourcemap ?? false;
  const old = options.force ? null : readStamp(outDir);
  if (old && stampIsCurrent(outDir, old, sourcemap)) return { dir: outDir, built: false, bytes: old.bytes };
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [ENTRY],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const inputs: Record<string, string> = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const abs = resolve(process.cwd(), input);
    inputs[relative(ROOT, abs)] = sha256(abs);
  }
  for (const f of readdirSync(STATIC_DIR)) {
    copyFileSync(join(STATIC_DIR, f), join(outDir, f));
    inputs[relative(ROOT, join(STATIC_DIR, f))] = sha256(join(STATIC_DIR, f));
  }
  let bytes = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of COMPRESSED) {
    const c = compress(join(outDir, f));
    if (f === 'app.js') bytes = { raw: readFileSync(join(outDir, f)).length, ...c };
  }
  const stamp: Stamp = { esbuild: esbuildVersion, sourcemap, inputs, bytes };
  writeFileSync(join(outDir, STAMP), JSON.stringify(stamp, null, 1));
  return { dir: outDir, built: true, bytes };
}

/** Builds the bundle into `outDir` (default viewer/dist) unless it is current; returns the folder. */
export async function buildViewer(outDir = DIST_DIR, options: BuildOptions = {}): Promise<string> {
  return (await buildViewerBundle(outDir, options)).dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const r = await buildViewerBundle(DIST_DIR, {
    force: args.includes('--force'),
    sourcemap: args.includes('--sourcemap'),
  });
  const kB = (n: number) => `${(n / 1024).toFixed(0)} kB`;
  process.stderr.write(
    `viewer bundle ${r.built ? 'built' : 'current, not rebuilt'} in ${r.dir}: app.js ${kB(r.bytes.raw)}, ` +
      `${kB(r.bytes.gzip)} gzip, ${kB(r.bytes.brotli)} brotli\n`,
  );
}
