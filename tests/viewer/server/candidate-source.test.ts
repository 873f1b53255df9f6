import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { getTask, initPhysics, Scene } from '../../../sim/index.ts';
import { openCandidateSource } from '../../../viewer/server/index.ts';

let empty: string;
beforeAll(async () => {
  await initPhysics();
  empty = mkdtempSync(join(tmpdir(), 'prefsim-nomodels-')) + '/';
});
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('candidate sources', () => {
  test.each(['push-T', 'rope-circle'])('auto on %s: the default policy proposes K valid candidates', async (taskId) => {
    const task = getTask(taskId);
    const src = await openCandidateSource('auto', taskId);
    const scene = Scene.create(task, 3);
    try {
      expect(src.name).toBe('policy');
      expect(src.detail).toContain(`policy-${taskId}.onnx`);
      const acts = await src.candidates(scene, 8, makeRng(1));
      expect(acts).toHaveLength(8);
      for (const a of acts) {
        expect(a.primitive).toBe(task.primitive);
        for (const v of [...a.p0, ...a.p1]) expect(Number.isFinite(v)).toBe(true);
      }
      // Diverse: not eight copies of one move.
      expect(new Set(acts.map((a) => a.p0.map((v) => v.toFixed(3)).join())).size).toBeGreaterThan(1);
      // Rolled out by the scene without a boundary error.
      expect(() => scene.apply(acts[0])).not.toThrow();
    } finally {
      scene.free();
      await src.free();
      await src.free();
    }
    await expect(src.candidates(scene, 2, makeRng(1))).rejects.toThrow(/after free/);
  });

  test('auto without a default policy falls back to the expert mix; policy refuses, naming the field', async () => {
    expect((await openCandidateSource('auto', 'push-T', empty)).name).toBe('expert-mix');
    await expect(openCandidateSource('policy', 'push-T', empty)).rejects.toThrow(
      'field candidates: "policy" needs a default policy for task push-T',
    );
    await expect(openCandidateSource('oracle', 'push-T')).rejects.toThrow(
      'field candidates: unknown candidate source "oracle"; accepted: auto, expert-mix, policy',
    );
  });
});
