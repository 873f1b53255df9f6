import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  actionsToRows, collectDemos, demoHash, denormaliseRows, fitActionRange, normaliseRows, readDemoFile, rotateXY, rowsToActions,
  taskAllowsRotation, writeDemoFile,
} from '../../policy/index.ts';
import { getTask, initPhysics } from '../../sim/index.ts';
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

  test.each([['rope-circle', true], ['cloth-flatten', true], ['granular-T', false], ['push-T', false]])('%s allows rotation: %s', (id, want) => {
    expect(taskAllowsRotation(id)).toBe(want);
  });
});
