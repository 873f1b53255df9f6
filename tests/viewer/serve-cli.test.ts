/**
 * Issue 17, item 6 (fail fast): `prefsim serve` checks the store and the port before it builds
 * the bundle or starts the simulator, and says what is wrong in one line naming the port or file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../cli/run-cli.ts';

let dir: string;
let busy: Server;
let port: number;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prefsim-serve-cli-'));
  busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  port = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((r) => busy.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

describe('prefsim serve fails fast', () => {
  test('a port in use is one line naming the port, exit 2, before anything is built', () => {
    const r = runCli(['serve', '--port', String(port), '--db', join(dir, 'p.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `prefsim: --port: port ${port} on 127.0.0.1 is already in use; stop the other server or pass --port with ` +
        `another port (0 = any free one)`,
    ]);
    expect(r.stdout).toBe('');
  });

  test('a file that is not a database is named', () => {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database, only some text long enough to read a header from');
    const r = runCli(['serve', '--port', String(port), '--db', junk]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`prefsim: store ${junk}: file is not a database`);
  });

  test('--no-token is refused beyond loopback; --allow-origin must be an origin', () => {
    const a = runCli(['serve', '--host', '0.0.0.0', '--no-token', '--db', join(dir, 'p.db')]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain(
      'prefsim: --no-token: only allowed on loopback (127.0.0.1, ::1, localhost), got --host 0.0.0.0',
    );
    const b = runCli(['serve', '--allow-origin', 'http://x.example/path', '--db', join(dir, 'p.db')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain(
      'prefsim: --allow-origin: expected an origin such as http://annotate.example:8080 (scheme, host, port ' +
        'only), got "http://x.example/path"',
    );
  });

  test('--selector, --oversample and --min-outcome-distance are checked before anything starts', () => {
    const db = join(dir, 'p.db');
    const a = runCli(['serve', '--selector', 'greedy', '--db', db]);
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('prefsim: --selector: unknown value "greedy"; accepted: uniform, disagreement, entropy');
    const b = runCli(['serve', '--selector', 'entropy', '--oversample', '0', '--db', db]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('prefsim: --oversample: expected an integer in [1, 16], got "0"');
    const c = runCli(['serve', '--min-outcome-distance', '-1', '--db', db]);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('prefsim: --min-outcome-distance: expected a distance in metres ≥ 0, got "-1"');
  });
});
