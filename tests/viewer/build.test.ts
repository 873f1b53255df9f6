/** The viewer bundle is built once per source state and shipped compressed. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { buildViewerBundle } from '../../viewer/build.ts';
import { pickEncoding } from '../../viewer/server/static-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('viewer build', { timeout: 120_000 }, () => {
  test('builds, then skips while every input is unchanged, and rebuilds when one changed', async () => {
    const first = await buildViewerBundle(dir);
    expect(first.built).toBe(true);
    const js = readFileSync(join(dir, 'app.js'));
    expect(gunzipSync(readFileSync(join(dir, 'app.js.gz')))).toEqual(js);
    expect(brotliDecompressSync(readFileSync(join(dir, 'app.js.br')))).toEqual(js);
    expect(first.bytes.brotli).toBeLessThan(350_000);
    expect(first.bytes.brotli).toBeLessThan(first.bytes.raw / 3);

    const again = await buildViewerBundle(dir);
    expect(again.built).toBe(false);
    expect(again.bytes).toEqual(first.bytes);

    // A stamp whose recorded hash of one input no longer matches forces a rebuild.
    const stampFile = join(dir, 'build-stamp.json');
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as { inputs: Record<string, string> };
    const input = Object.keys(stamp.inputs).find((f) => f.endsWith('viewer/client/app.ts'));
    expect(input).toBeDefined();
    stamp.inputs[input!] = '0'.repeat(64);
    writeFileSync(stampFile, JSON.stringify(stamp));
    expect((await buildViewerBundle(dir)).built).toBe(true);
    expect((await buildViewerBundle(dir, { force: true })).built).toBe(true);
  });

  test('no source map unless asked for', async () => {
    expect(readFileSync(join(dir, 'app.js'), 'utf8')).not.toContain('sourceMappingURL');
  });
});

describe('pickEncoding', () => {
  const file = join(dir, 'app.js');
  test.each([
    ['br, gzip', 'br'],
    ['gzip, deflate', 'gzip'],
    ['gzip;q=1.0, br;q=0', 'gzip'],
    ['identity', null],
    [undefined, null],
  ])('Accept-Encoding %s → %s', async (accept, expected) => {
    await buildViewerBundle(dir);
    expect(pickEncoding(file, accept)?.name ?? null).toBe(expected);
  });
  test('a file without a compressed copy is sent as it is', () => {
    expect(pickEncoding(join(dir, 'favicon.svg'), 'br, gzip')).toBeNull();
  });
});
