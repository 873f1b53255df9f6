import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import {
  decodeEpisode,
  encodeEpisode,
  EpisodeFormatError,
  frameByteLength,
  readEpisodeFile,
  writeEpisodeFile,
} from '../../../sim/recording/index.ts';
import { episode } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-rec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('episode codec', () => {
  test.each([
    ['float32', 48, 2, 30],
    ['int16', 48, 2, 30],
    ['float32', 576, 2, 3],
    ['int16', 576, 2, 3],
    ['int16', 10, 0, 0],
  ] as const)('%s round trip (%i particles, %i bodies, %i frames)', (encoding, p, r, f) => {
    const ep = episode(p, r, f, makeRng(p * 31 + f));
    const bytes = encodeEpisode(ep, { encoding });
    const back = decodeEpisode(bytes);
    expect(back.encoding).toBe(encoding);
    expect(back.version).toBe(1);
    expect(back.taskId).toBe(ep.taskId);
    expect(back.seed).toBe(ep.seed);
    expect(back.steps).toEqual(ep.steps);
    expect(back.initialMetrics).toEqual(ep.initialMetrics);
    expect(back.frames).toHaveLength(f);
    const f0 = f > 0 ? frameByteLength(p, r, encoding) : 0;
    expect(bytes.byteLength).toBeGreaterThanOrEqual(f * f0);
    for (let i = 0; i < f; i++) {
      expect(back.frames[i].t).toBe(Math.fround(ep.frames[i].t)); // t is stored as float32
      if (encoding === 'float32') {
        expect(back.frames[i].particles).toEqual(ep.frames[i].particles);
        expect(back.frames[i].bodies).toEqual(ep.frames[i].bodies);
      } else {
        // Extent 0.6 m → half a step ≈ 4.6 µm.
        for (let k = 0; k < ep.frames[i].particles.length; k++) {
          expect(Math.abs(back.frames[i].particles[k] - ep.frames[i].particles[k])).toBeLessThan(0.6 / 131070 + 1e-7);
        }
      }
    }
  });

  test('file helpers write atomically and read back', () => {
    const ep = episode(48, 2, 10, makeRng(1));
    const path = join(dir, 'a.psep');
    const n = writeEpisodeFile(path, ep, { encoding: 'float32' });
    const back = readEpisodeFile(path);
    expect(n).toBe(encodeEpisode(ep, { encoding: 'float32' }).byteLength);
    expect(back.frames[9].particles).toEqual(ep.frames[9].particles);
  });

  const good = encodeEpisode(episode(4, 1, 2, makeRng(2)), { encoding: 'int16' });
  const patched = (at: number, ...b: number[]) => {
    const c = good.slice();
    c.set(b, at);
    return c;
  };

  test.each([
    [
      'corrupt magic',
      patched(0, 0x50, 0x53, 0x45, 0x51),
      'episode file: magic at byte 0: expected "PSEP", found "PSEQ"',
    ],
    ['too short for magic', good.slice(0, 2), 'episode file: magic at byte 0: expected "PSEP", found "PS"'],
    ['wrong version', patched(4, 7, 0), 'episode file: format version at byte 4: expected 1, found 7'],
    [
      'unknown encoding',
      patched(6, 5),
      'episode file: frame encoding at byte 6: expected 0 (float32) or 1 (int16), found 5',
    ],
    ['truncated header', good.slice(0, 20), 'episode file: truncated header at byte 20: expected 4 bytes, found 0'],
    [
      'truncated last frame',
      good.slice(0, good.length - 3),
      /truncated frames \(2 × 98 bytes\) at byte \d+: expected 196 bytes, found 193/,
    ],
    [
      'trailing bytes',
      Uint8Array.from([...good, 0, 0]),
      /end of file at byte \d+: expected no more bytes, found 2 more bytes/,
    ],
  ] as const)('%s → a clear error', (_name, bytes, msg) => {
    let err: unknown;
    try {
      decodeEpisode(bytes);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EpisodeFormatError);
    if (typeof msg === 'string') expect((err as Error).message).toBe(msg);
    else expect((err as Error).message).toMatch(msg);
  });

  test('a file error names the path; bad JSON in the section is reported at its offset', () => {
    const path = join(dir, 'bad.psep');
    writeFileSync(path, good.slice(0, 10));
    expect(() => readEpisodeFile(path)).toThrow(
      `${path}: episode file: truncated header at byte 8: expected 8 bytes, found 2`,
    );
    // Task id "rope-circle" (11 bytes) ends at 41; the JSON length is at 41, the JSON at 45.
    const c = good.slice();
    c[45] = 0x5d; // ']' makes invalid JSON
    expect(() => decodeEpisode(c)).toThrow(/JSON section at byte 45: expected valid JSON, found/);
  });

  test('encoding rejects inconsistent frames and bad steps', () => {
    const ep = episode(4, 1, 2, makeRng(3));
    ep.frames[1] = { ...ep.frames[1], particles: new Float32Array(6) };
    expect(() => encodeEpisode(ep)).toThrow(/frames\[1\]: expected 4 particles and 1 bodies like frame 0, got 2 and 1/);
    const ep2 = episode(4, 1, 2, makeRng(3));
    ep2.steps[1].frameCount = 5;
    expect(() => encodeEpisode(ep2)).toThrow(/steps\[1\]: frames \[1, 6\) exceed the 2 frames/);
    const ep3 = episode(4, 1, 2, makeRng(3));
    (ep3.steps[0].action as { primitive: string }).primitive = 'throw';
    expect(() => encodeEpisode(ep3)).toThrow(/episode.steps.0.action.primitive/);
  });
});

describe('episode files', () => {
  test('a failed write leaves neither the file nor its temporary behind', () => {
    const path = join(dir, 'missing-dir', 'x.psep');
    expect(() => writeEpisodeFile(path, episode(4, 1, 1, makeRng(4)))).toThrow(/ENOENT/);
  });
});
