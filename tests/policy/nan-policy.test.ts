/** Issue 17, item 6: a policy whose network outputs NaN is reported naming its file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';
import { encodeModel, Graph, inferenceSpec, linear } from '../../nn/index.ts';
import { openPolicy } from '../../policy/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-policy-nan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('sampling from a network that outputs NaN throws naming the policy file', async () => {
  const g = new Graph(),
    rng = makeRng(3);
  const pts = g.input('obs_points', ['batch', 'n_points', 3]);
  const a = g.input('noisy_action', ['batch', 6]);
  const t = g.input('t', ['batch']);
  const feat = g.concat([a, pts.mean([1]), t.unsqueeze([1]).div(100)], 1); // [B, 10]
  g.output('eps', linear(g, feat, { name: 'lin', out: 6, init: 'xavier' }, rng).mul(Number.NaN));
  const file = join(dir, 'nan-policy.onnx');
  writeFileSync(file, encodeModel({ ...inferenceSpec(g), metadata: {} }));
  const p = await openPolicy(file, 'push-T', { sampler: { steps: 3 } });
  try {
    const obs = {
      points: new Float32Array(30).map((_, i) => Math.sin(i)),
      center: [0, 0, 0] as [number, number, number],
      scale: 0.15,
    };
    await expect(p.sample(obs, 4, makeRng(1))).rejects.toThrow(
      `policy ${file}: candidate 0 of 4 is not finite (the network output NaN or Infinity)`,
    );
  } finally {
    await p.free();
  }
});
