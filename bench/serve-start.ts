/**
 * Time from launching `prefsim serve` to its printed URL, as a user starting the service sees it.
 * The first start may build the viewer bundle; later starts find it current and skip the build.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/prefsim.js', import.meta.url));

/** Milliseconds until `prefsim serve --json` prints its URL line; the server is then stopped. */
export function timeServeStart(dbPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--db', dbPath, '--trainer', 'none', '--json'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '',
      err = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('"url"')) {
        const ms = performance.now() - t0;
        child.kill('SIGTERM');
        child.once('close', () => resolve(ms));
      }
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.once('close', (code) => {
      if (!out.includes('"url"'))
        reject(new Error(`prefsim serve exited with ${code} before printing its URL: ${err.trim()}`));
    });
  });
}
