import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  actionsToRows,
  collectDemos,
  demoCachePath,
  demoHash,
  denormaliseRows,
  EXPERT_VERSIONS,
  expertVersion,
  fitActionRange,
  loadOrCollectDemos,
  normaliseRows,
  readDemoFile,
  rotateXY,
  rowsToActions,
  simFingerprint,
  taskAllowsRotation,
  writeDemoFile,
} from '../../policy/index.ts';
import { getTask, initPhysics, TASK_IDS } from '../../sim/index.ts';
import { syntheticDemos } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-policy-demos-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => initPhysics());

describe('demo sets', () => {
  test('file round trip keeps every number; a truncated file is refused', () => {
    const d = syntheticDemos();
    const f = join(dir, 'd.demos');
    writeDemoFile(f, d);
    const back = readDemoFile(f);
    expect(back).toMatchObject({ task: d.task, states: 24, points: 32, alternatives: 2, info: { synthetic: 1 } });
    expect(demoHash(back)).toBe(demoHash(d));
    writeFileSync(join(dir, 'cut.demos'), readFileSync(f).subarray(0, 2000));
    expect(() => readDemoFile(join(dir, 'cut.demos'))).toThrow(/truncated/);
  });

  test('collectDemos records S states with k expert alternatives each (push-T)', async () => {
    const d = await collectDemos(getTask('push-T'), { states: 5, alternatives: 3, points: 16, episodeSteps: 2 });
    expect(d).toMatchObject({ task: 'push-T', states: 5, points: 16, alternatives: 3 });
    expect(d.info.episodes).toBe(3);
    expect(d.obs.length).toBe(5 * 16 * 3);
    expect(d.actions.length).toBe(5 * 3 * 6);
    expect(d.actions.every(Number.isFinite)).toBe(true);
  });
});

describe('demo cache', () => {
  test('the key holds the expert version and the episode length; every task has a version', () => {
    expect(Object.keys(EXPERT_VERSIONS).sort()).toEqual([...TASK_IDS].sort());
    const o = { states: 10, alternatives: 2, points: 16, seed: 3 };
    expect(demoCachePath('d', 'rope-circle', o)).toBe(
      join('d', `rope-circle-x${EXPERT_VERSIONS['rope-circle']}-S10-k2-P16-seed3.demos`),
    );
    expect(demoCachePath('d', 'rope-circle', { ...o, episodeSteps: 5 })).toBe(
      join('d', `rope-circle-x${EXPERT_VERSIONS['rope-circle']}-S10-k2-P16-E5-seed3.demos`),
    );
    expect(() => expertVersion('no-such-task')).toThrowErrorMatchingInlineSnapshot(
      '[Error: demo cache: no expert version for task no-such-task; ' +
        'add it to EXPERT_VERSIONS in policy/demos/cache.ts]',
    );
  });

  test('collects once, then reuses; a cached file from another expert version is refused', async () => {
    const cache = join(dir, 'cache');
    const o = { states: 3, alternatives: 2, points: 16, episodeSteps: 2 };
    const first = await loadOrCollectDemos(getTask('push-T'), o, cache);
    expect(first.cached).toBe(false);
    expect(first.demos.info.expertVersion).toBe(expertVersion('push-T'));
    const again = await loadOrCollectDemos(getTask('push-T'), o, cache);
    expect(again.cached).toBe(true);
    expect(demoHash(again.demos)).toBe(demoHash(first.demos));
    expect(first.demos.info.simFingerprint).toBe(simFingerprint(getTask('push-T'), 0));
    expect(first.demos.info.simFingerprint).toMatch(/^[0-9a-f]{16}$/);
    writeDemoFile(first.path, { ...first.demos, info: { ...first.demos.info, expertVersion: 'old' } });
    await expect(loadOrCollectDemos(getTask('push-T'), o, cache)).rejects.toThrow(
      `expert version old, expected ${expertVersion('push-T')}; delete the file to recollect`,
    );
    writeDemoFile(first.path, { ...first.demos, info: { ...first.demos.info, simFingerprint: '0123456789abcdef' } });
    await expect(loadOrCollectDemos(getTask('push-T'), o, cache)).rejects.toThrow(
      /collected under other physics \(sim fingerprint 0123456789abcdef, now [0-9a-f]{16}\)/,
    );
  });
});

describe('actions and augmentation', () => {
  test('rows ↔ actions, and the [-1, 1] map round-trips', () => {
    const acts = rowsToActions(new Float32Array([0.1, 0.2, 0.3, -0.4, 0.5, 0.6, 1, 2, 0, -1, -2, 0]), 'fling');
    expect(acts[1]).toEqual({ primitive: 'fling', p0: [1, 2, 0], p1: [-1, -2, 0] });
    const rows = actionsToRows(acts);
    const r = fitActionRange(rows, { rotational: false });
    const n = normaliseRows(rows, r);
    for (const v of n) expect(Math.abs(v)).toBeLessThan(1);
    const back = denormaliseRows(n, r);
    for (let i = 0; i < rows.length; i++) expect(back[i]).toBeCloseTo(rows[i], 5);
  });

  test('a rotational range is symmetric in x, y and covers every rotation of the demos', () => {
    const rows = new Float32Array([1, 0, 0.1, 0.5, 0.5, 0.1]);
    const r = fitActionRange(rows, { rotational: true });
    expect(r.low[0]).toBe(-r.high[0]);
    expect(r.high[1]).toBe(r.high[0]);
    const rot = rows.slice();
    rotateXY(rot, 2.3);
    for (const v of normaliseRows(rot, r)) expect(Math.abs(v)).toBeLessThanOrEqual(1);
  });

  test('rotateXY turns xy about z, keeps z and lengths', () => {
    const v = new Float32Array([1, 0, 0.5, 0, 2, -1]);
    rotateXY(v, Math.PI / 2);
    expect(Array.from(v).map((x) => +x.toFixed(6))).toEqual([0, 1, 0.5, -2, 0, -1]);
  });

  test.each([
    ['rope-circle', true],
    ['cloth-flatten', true],
    ['granular-T', false],
    ['push-T', false],
  ])('%s allows rotation: %s', (id, want) => {
    expect(taskAllowsRotation(id)).toBe(want);
  });
});
