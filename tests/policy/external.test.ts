/**
 * External noise networks: tiny ones hand-built with nn/'s Graph and exported as plain ONNX
 * (no prefsim metadata), as torch.onnx.export would write them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';
import { encodeModel, Graph, inferenceSpec, linear, type Tensor } from '../../nn/index.ts';
import { checkExternalSignature, ExternalPolicy, fixedNoise, openPolicy, type Policy } from '../../policy/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'prefsim-policy-ext-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const owned: Policy[] = [];
afterEach(async () => {
  await Promise.all(owned.splice(0).map((p) => p.free()));
});

interface NetOpts {
  tDtype?: 'float32' | 'int64';
  actionDim?: number;
  outName?: string;
  batch?: string | number;
  metadata?: Record<string, string>;
}

/** eps = Linear([noisy_action, mean of points, t/100]). */
function tinyExternal(o: NetOpts = {}): Uint8Array {
  const g = new Graph(),
    rng = makeRng(7),
    B = o.batch ?? 'batch';
  const pts = g.input('obs_points', [B, 'n_points', 3]);
  const a = g.input('noisy_action', [B, o.actionDim ?? 6]);
  let t: Tensor;
  if (o.tDtype === 'int64') {
    const ti = g.input('t', [B], 'int64');
    t = g
      .constant(
        new Float32Array(100).map((_, i) => i),
        [100],
      )
      .gather(ti, 0); // int64 step → float [B]
  } else t = g.input('t', [B]);
  const feat = g.concat([a, pts.mean([1]), t.unsqueeze([1]).div(100)], 1); // [B, 6 + 3 + 1]
  g.output(o.outName ?? 'eps', linear(g, feat, { name: 'lin', out: 6, init: 'xavier' }, rng));
  return encodeModel({ ...inferenceSpec(g), metadata: o.metadata ?? {} });
}

const pushT = { primitive: 'push' as const, workspace: { half: 0.45, zMax: 0.3 } };
const obs = {
  points: new Float32Array(40 * 3).map((_, i) => Math.sin(i)),
  center: [0.05, -0.02, 0] as [number, number, number],
  scale: 0.15,
};

describe('external ONNX policies', () => {
  test.each(['float32', 'int64'] as const)(
    'a network with t as %s is accepted and samples N valid candidates in one batch',
    async (tDtype) => {
      const p = await ExternalPolicy.open(tinyExternal({ tDtype }), { ...pushT, sampler: { steps: 5 } });
      owned.push(p);
      const acts = await p.sample(obs, 8, makeRng(1));
      expect(acts.length).toBe(8);
      for (const a of acts) {
        expect(a.primitive).toBe('push');
        // identity range, clipped to ±1
        for (const v of [...a.p0, ...a.p1]) expect(Math.abs(v)).toBeLessThanOrEqual(1 + 1e-6);
      }
      const noise = () =>
        fixedNoise(Array.from({ length: 6 }, (_, i) => new Float32Array(48).map((_, j) => Math.cos(i + j))));
      expect(await p.sampleWith(obs, 8, noise())).toEqual(await p.sampleWith(obs, 8, noise()));
    },
  );

  test('an action range from metadata_props maps [-1, 1] onto it', async () => {
    const low = [-2, -2, 0, -2, -2, 0],
      high = [2, 2, 1, 2, 2, 1];
    const p = await ExternalPolicy.open(
      tinyExternal({ metadata: { action_low: JSON.stringify(low), action_high: JSON.stringify(high) } }),
      pushT,
    );
    owned.push(p);
    expect(p.range).toEqual({ low, high });
    await expect(
      ExternalPolicy.open(tinyExternal({ metadata: { action_low: '[1,2]', action_high: '[1,2,3,4,5,6]' } }), pushT),
    ).rejects.toThrow(/action_low' must be a JSON array of 6 finite numbers/);
  });

  test.each([
    ['output named noise', { outName: 'noise' }, /missing output 'eps'.*unexpected output 'noise'/],
    ['7-number action', { actionDim: 7 }, /input 'noisy_action' has shape \[batch,7\], expected \[B,6\]/],
    ['static batch', { batch: 1 }, /input 'obs_points' has shape \[1,n_points,3\], expected \[B,P,3\]/],
  ])('%s is refused with the expected and the found signature', async (_, o, problem) => {
    const err = await ExternalPolicy.open(tinyExternal(o as NetOpts), pushT).then(
      () => null,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toMatch(problem);
    expect(err!.message).toContain(
      'expected: inputs {obs_points: float32[B,P,3], noisy_action: float32[B,6], t: int64|float32[B]} outputs ' +
        '{eps: float32[B,6]} (B, P dynamic)',
    );
    expect(err!.message).toMatch(/found: +inputs \{obs_points: float32\[/);
  });

  test('the signature check reports a wrong dtype of t', () => {
    const io = (name: string, dtype: 'float32' | 'int64' | 'bool', shape: (string | number)[]) => ({
      name,
      dtype,
      shape,
    });
    expect(() =>
      checkExternalSignature(
        'm',
        [io('obs_points', 'float32', ['B', 'P', 3]), io('noisy_action', 'float32', ['B', 6]), io('t', 'bool', ['B'])],
        [io('eps', 'float32', ['B', 6])],
      ),
    ).toThrow(/input 't' has dtype bool, expected int64 or float32/);
  });

  test('openPolicy tells an external file from a prefsim checkpoint', async () => {
    const file = join(dir, 'ext.onnx');
    writeFileSync(file, tinyExternal());
    const p = await openPolicy(file, 'push-T');
    owned.push(p);
    expect(p).toBeInstanceOf(ExternalPolicy);
    expect(p.primitive).toBe('push');
  });
});
