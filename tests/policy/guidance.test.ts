import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';
import { checkpointBytes, loadCheckpoint } from '../../nn/index.ts';
import {
  buildTrainingGraph,
  DiffusionPolicy,
  GuidedPolicy,
  guidedEps,
  IMPLICIT_PREFIX,
  IO,
  openPolicy,
  type PolicyArchitecture,
} from '../../policy/index.ts';
import {
  implicitModel,
  parseImplicitConfig,
  policyNets,
  REF,
  THETA,
  type PolicyNets,
} from '../../reward/models/index.ts';
import { initPhysics, Scene, getTask } from '../../sim/index.ts';
import { tinyPolicy } from '../reward/models/implicit-fixtures.ts';

const open: { free(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((p) => p.free()));
});

/** The policy's nets with every parameter nudged: a stand-in for a DPO fine-tune. */
function nudged(arch: PolicyArchitecture, bytes: Uint8Array): PolicyNets {
  const nets = policyNets(arch, loadCheckpoint(bytes));
  const rng = makeRng(9);
  for (const g of [nets.encoder, nets.denoiser])
    for (const p of g.params())
      p.data.forEach((v, i) => {
        p.data[i] = v + 0.2 * rng.normal();
      });
  return nets;
}

/** A policy checkpoint holding `nets`' parameters (the fine-tuned policy on its own). */
function policyBytes(arch: PolicyArchitecture, nets: PolicyNets): Uint8Array {
  const { graph } = buildTrainingGraph(arch.network, arch.actionRange, makeRng(0));
  const byName = new Map([...nets.encoder.params(), ...nets.denoiser.params()].map((p) => [p.name, p.data]));
  for (const p of graph.params()) p.data.set(byName.get(p.name)!);
  return checkpointBytes(graph, {
    outputs: [IO.eps],
    info: { architecture: arch as unknown as Record<string, unknown> },
  });
}

async function setup() {
  await initPhysics();
  const { bytes, arch } = tinyPolicy(3);
  const theta = nudged(arch, bytes);
  const model = await implicitModel(
    arch,
    theta,
    policyNets(arch, loadCheckpoint(bytes)),
    parseImplicitConfig({}),
    'test',
  );
  open.push(model);
  const scene = Scene.create(getTask('rope-circle'), 4);
  const obs = scene.observe(32, makeRng(1));
  scene.free();
  return { bytes, arch, theta, implicit: model.bytes, obs };
}

describe('RLG guidance', () => {
  test('guidedEps is ε_ref + w (ε_θ − ε_ref)', () => {
    const ref = Float32Array.from([1, -2, 0.5]),
      theta = Float32Array.from([3, 0, 0.5]);
    expect(Array.from(guidedEps(ref, theta, 0))).toEqual([1, -2, 0.5]);
    expect(Array.from(guidedEps(ref, theta, 1))).toEqual([3, 0, 0.5]);
    expect(Array.from(guidedEps(ref, theta, 2))).toEqual([5, 2, 0.5]);
    expect(Array.from(guidedEps(ref, theta, 0.5))).toEqual([2, -1, 0.5]);
    expect(() => guidedEps(ref, Float32Array.from([1]), 1)).toThrow(/ε_θ 1/);
  });

  test("the prefixes match the implicit reward's layout", () => {
    expect(IMPLICIT_PREFIX).toEqual({ theta: THETA, ref: REF });
  });

  test("w = 0 gives exactly the reference policy's samples, w = 1 the fine-tuned policy's", async () => {
    const { bytes, arch, theta, implicit, obs } = await setup();
    const ref = await DiffusionPolicy.open(bytes),
      fine = await DiffusionPolicy.open(policyBytes(arch, theta));
    const g0 = await GuidedPolicy.open(implicit, { guidance: 0 }),
      g1 = await GuidedPolicy.open(implicit, { guidance: 1 });
    const g2 = await GuidedPolicy.open(implicit, { guidance: 2 });
    open.push(ref, fine, g0, g1, g2);
    const draw = (p: { sample: DiffusionPolicy['sample'] }) => p.sample(obs, 6, makeRng(77));
    expect(await draw(g0)).toEqual(await draw(ref));
    const a1 = await draw(g1),
      f = await draw(fine),
      r = await draw(ref);
    a1.forEach((a, k) => [...a.p0, ...a.p1].forEach((v, i) => expect(v).toBeCloseTo([...f[k].p0, ...f[k].p1][i], 4)));
    // The fine-tune moved the samples, and w = 2 lands elsewhere again.
    expect(a1).not.toEqual(r);
    expect(await draw(g2)).not.toEqual(a1);
  });

  test('openPolicy opens an implicit reward as the guided policy, and refuses guidance on a plain policy', async () => {
    const { bytes, implicit, obs } = await setup();
    const dir = mkdtempSync(join(tmpdir(), 'prefsim-guidance-'));
    try {
      writeFileSync(join(dir, 'implicit.onnx'), implicit);
      writeFileSync(join(dir, 'policy.onnx'), bytes);
      const p = await openPolicy(join(dir, 'implicit.onnx'), 'rope-circle', { guidance: 0 });
      const ref = await DiffusionPolicy.open(bytes);
      open.push(p, ref);
      expect(await p.sample(obs, 4, makeRng(5))).toEqual(await ref.sample(obs, 4, makeRng(5)));
      await expect(openPolicy(join(dir, 'policy.onnx'), 'rope-circle', { guidance: 1 })).rejects.toThrow(
        /not an implicit/,
      );
      await expect(openPolicy(join(dir, 'implicit.onnx'), 'push-T')).rejects.toThrow(/not push-T/);
      await expect(GuidedPolicy.open(bytes)).rejects.toThrow(/architecture.kind: expected "implicit"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
