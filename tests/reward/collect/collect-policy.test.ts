import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { DiffusionPolicy } from '../../../policy/index.ts';
import { openCollectPolicy } from '../../../reward/collect/index.ts';
import { getTask, initPhysics, Scene } from '../../../sim/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-collect-policy-'));
beforeAll(() => initPhysics());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openCollectPolicy', () => {
  test("default: the task's trained diffusion policy from models/", async () => {
    const cp = await openCollectPolicy('rope-circle');
    const scene = Scene.create(getTask('rope-circle'), 0);
    try {
      expect(cp.source).toMatch(/models\/policy-rope-circle\.onnx$/);
      expect(cp.note).toBeNull();
      const p = cp.policyFor(scene);
      expect(p).toBeInstanceOf(DiffusionPolicy);
      const acts = await p.sample(scene.observe(256, makeRng(1)), 4, makeRng(2));
      expect(acts).toHaveLength(4);
      expect(acts.every((a) => a.primitive === 'pick_place')).toBe(true);
    } finally {
      scene.free();
      await cp.free();
      await cp.free(); // idempotent
    }
  });

  test('default without a trained policy for the task falls back to the stand-in, saying why', async () => {
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ models: [] }));
    const cp = await openCollectPolicy('rope-circle', 'default', `${dir}/`);
    expect(cp.source).toBe('stand-in');
    expect(cp.note).toMatch(
      /^no default policy for task rope-circle in .*manifest\.json; listed: ; using the stand-in policy/,
    );
    const scene = Scene.create(getTask('rope-circle'), 0);
    try {
      expect(cp.policyFor(scene)).not.toBeInstanceOf(DiffusionPolicy);
      expect(await cp.policyFor(scene).sample(scene.observe(64, makeRng(1)), 3, makeRng(2))).toHaveLength(3);
    } finally {
      scene.free();
    }
  });

  test('stand-in on request; a missing file is an error; a policy of another task is refused', async () => {
    expect((await openCollectPolicy('rope-circle', 'stand-in')).note).toBeNull();
    await expect(openCollectPolicy('rope-circle', join(dir, 'nope.onnx'))).rejects.toThrow(
      /nope\.onnx: no such file \(expected a policy checkpoint, 'default' or 'stand-in'\)/,
    );
    const pushT = await openCollectPolicy('push-T');
    const other = pushT.source;
    await pushT.free();
    await expect(openCollectPolicy('rope-circle', other)).rejects.toThrow(
      'was trained on task push-T, not rope-circle',
    );
  });
});
