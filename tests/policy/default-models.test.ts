/** The default policies under models/: listed in the manifest, small, loadable, and they sample valid actions. */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';
import { defaultPolicyPath, DiffusionPolicy, ManifestSchema, MODELS_DIR } from '../../policy/index.ts';
import { getTask, initPhysics, parseAction, Scene, TASK_IDS } from '../../sim/index.ts';
import { assertInWorkspace } from '../../sim/validation/index.ts';

const manifest = ManifestSchema.parse(JSON.parse(readFileSync(`${MODELS_DIR}manifest.json`, 'utf8')));

beforeAll(() => initPhysics());

describe('default policies', () => {
  test('one per listed task, made by a prefsim policy train command, each under 1 MB', () => {
    expect(manifest.models.length).toBeGreaterThan(0);
    for (const id of TASK_IDS.filter((t) => manifest.models.some((m) => m.task === t))) {
      const e = manifest.models.filter((m) => m.kind === 'policy' && m.task === id);
      expect(e, id).toHaveLength(1);
      expect(e[0].command).toMatch(
        new RegExp(`^npx tsx cli/main.ts policy train --task ${id} .*--out models/${e[0].file}`),
      );
      expect(statSync(defaultPolicyPath(id)).size).toBeLessThan(1_000_000);
    }
  });

  // Issue 4's quality bar, as recorded by `npm run quality -- policy` for the committed file.
  test.each(manifest.models.map((m) => m.task))(
    '%s: the manifest describes this very file, evaluated on 20 seeds with SL above random',
    (id) => {
      const e = manifest.models.find((m) => m.task === id) as Record<string, unknown> & { file: string };
      const bytes = readFileSync(`${MODELS_DIR}${e.file}`);
      expect(e.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(e.bytes).toBe(bytes.length);
      const ev = e.evaluation as {
        seeds: number[];
        sl: { meanFinal: number };
        random: { meanFinal: number };
        expert: { meanFinal: number } | null;
        slBeatsRandom: boolean;
      };
      expect(ev.seeds).toEqual([0, 19]);
      expect(ev.sl.meanFinal).toBeGreaterThan(ev.random.meanFinal);
      expect(ev.slBeatsRandom).toBe(true);
      expect(ev.expert?.meanFinal).toBeTypeOf('number');
    },
  );

  test.each(manifest.models.map((m) => m.task))(
    '%s: loads and samples 8 valid actions inside the workspace',
    async (id) => {
      const task = getTask(id);
      const policy = await DiffusionPolicy.open(defaultPolicyPath(id));
      const scene = Scene.create(task, 0);
      try {
        expect(policy.task).toBe(id);
        const obs = scene.observe(policy.points, makeRng(1));
        const actions = await policy.sample(obs, 8, makeRng(2));
        expect(actions).toHaveLength(8);
        for (const a of actions) {
          expect(parseAction(a).primitive).toBe(task.primitive);
          expect(() => assertInWorkspace(scene.toWorld(a), task.workspace)).not.toThrow();
        }
        // Stochastic sampling: the candidates are not all the same.
        expect(new Set(actions.map((a) => a.p0.join(','))).size).toBeGreaterThan(1);
      } finally {
        scene.free();
        await policy.free();
      }
    },
  );
});
