import { afterEach, describe, expect, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';
import { Graph, makeInferenceModel, tensor, type InferenceModel } from '../../nn/index.ts';
import {
  buildDenoiserGraph,
  condWidth,
  IO,
  localCode,
  NetworkConfigSchema,
  parseArchitecture,
  POLICY_KIND,
  ScheduleConfigSchema,
  TrainConfigSchema,
  UNIT_RANGE,
  type ActionRange,
} from '../../policy/index.ts';
import { TINY_NET } from './fixtures.ts';

const open: InferenceModel[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.free()));
});

/** Every parameter random: FiLM starts as the identity, which would hide the conditioning. */
function randomised(g: Graph, seed: number): Graph {
  const rng = makeRng(seed);
  for (const p of g.params()) p.data.forEach((_, i) => (p.data[i] = 0.4 * rng.normal()));
  return g;
}

const P = 24;
const cloud = (seed: number) => {
  const rng = makeRng(seed);
  return new Float32Array(P * 3).map(() => rng.uniform(-1, 1));
};

async function run(m: InferenceModel, feeds: Record<string, Float32Array>, shapes: Record<string, number[]>) {
  const t = Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, tensor(v, shapes[k])]));
  return Array.from((await m.run(t))[IO.eps].data as Float32Array);
}

describe('local code of the noise network', () => {
  test('the denoiser reads the points only when it has a local code', async () => {
    const network = NetworkConfigSchema.parse(TINY_NET);
    const g = randomised(buildDenoiserGraph(network, UNIT_RANGE), 1);
    expect(g.values.some((v: { kind: string; name: string }) => v.kind === 'input' && v.name === IO.points)).toBe(true);
    const m = await makeInferenceModel(g);
    open.push(m);
    const code = new Float32Array(condWidth(network)).fill(0.3);
    const action = Float32Array.from([0.2, 0.1, 0, -0.3, 0.4, 0]);
    const shapes = { [IO.code]: [1, condWidth(network)], [IO.action]: [1, 6], [IO.t]: [1], [IO.points]: [1, P, 3] };
    const base = cloud(2);
    const moved = base.map((v, i) => (i % 3 === 0 ? v * 0.5 : v)); // the object squeezed in x
    const feeds = (points: Float32Array) => ({
      [IO.code]: code,
      [IO.action]: action,
      [IO.t]: Float32Array.from([3]),
      [IO.points]: points,
    });
    const a = await run(m, feeds(base), shapes);
    const b = await run(m, feeds(moved), shapes);
    expect(a.length).toBe(6);
    expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeGreaterThan(1e-4);

    const plain = buildDenoiserGraph(NetworkConfigSchema.parse({ ...TINY_NET, localSizes: [] }), UNIT_RANGE);
    expect(plain.values.some((v: { kind: string; name: string }) => v.kind === 'input' && v.name === IO.points)).toBe(
      false,
    );
  });

  test('it sees offsets: shifting the points and the action together leaves it unchanged', async () => {
    const network = NetworkConfigSchema.parse(TINY_NET);
    // Range [0, 2] on every axis: a = −0.5 … is the frame point 0.5 …, so the test also checks the denormalisation.
    const range: ActionRange = { low: Array(6).fill(0), high: Array(6).fill(2) };
    const g = new Graph();
    const points = g.input(IO.points, [1, P, 3]);
    const a = g.input(IO.action, ['B', 6]);
    g.output('local', localCode(g, points, a, network, range, makeRng(4)));
    const m = await makeInferenceModel(randomised(g, 5));
    open.push(m);
    const pts = cloud(6);
    const act = Float32Array.from([-0.5, 0.2, 0.1, 0.3, -0.2, 0.4]);
    const d = [0.3, -0.1, 0.05];
    const shifted = pts.map((v, i) => v + d[i % 3]);
    // Frame shift d is d in [-1, 1] action units here (half-width 1).
    const actShifted = act.map((v, i) => v + d[i % 3]);
    const out = async (p: Float32Array, x: Float32Array) =>
      Array.from(
        (await m.run({ [IO.points]: tensor(p, [1, P, 3]), [IO.action]: tensor(x, [1, 6]) })).local.data as Float32Array,
      );
    const l0 = await out(pts, act);
    const l1 = await out(shifted, actShifted);
    expect(l0.length).toBe(16);
    l0.forEach((v, i) => expect(l1[i]).toBeCloseTo(v, 4));
    const other = await out(
      pts,
      act.map((v) => v + 0.2),
    );
    expect(Math.max(...l0.map((v, i) => Math.abs(v - other[i])))).toBeGreaterThan(1e-4);
  });

  test('attention: each action point reads the points near it, weighted by softmax(−β·d²)', async () => {
    const network = NetworkConfigSchema.parse({ ...TINY_NET, localKind: 'attention' });
    const L = network.localSizes[0];
    const g = new Graph();
    const points = g.input(IO.points, [1, P, 3]);
    const a = g.input(IO.action, ['B', 6]);
    g.output('local', localCode(g, points, a, network, UNIT_RANGE, makeRng(4)));
    const m = await makeInferenceModel(g); // β starts at 100: an attention radius of about 0.1
    open.push(m);
    const rng = makeRng(8);
    const far = new Float32Array(P * 3).map(() => (rng.uniform(0, 1) < 0.5 ? -1 : 1) * rng.uniform(2, 3));
    far.set([0.05, 0, 0], 0); // the one point near p0 = (0, 0, 0), 0.05 away
    const act = Float32Array.from([0, 0, 0, 0.5, 0.5, 0]);
    const code = Array.from(
      (await m.run({ [IO.points]: tensor(far, [1, P, 3]), [IO.action]: tensor(act, [1, 6]) })).local
        .data as Float32Array,
    );
    expect(code.length).toBe(2 * (2 * L + 1));
    // The attention-weighted squared distance of p0 is the near point's (every other is > 1 away).
    expect(code[2 * L]).toBeCloseTo(0.0025, 4);
    // p1 = (0.5, 0.5, 0) is 0.5 from the near point and more than 1.5 from the rest.
    expect(code[2 * (2 * L + 1) - 1]).toBeCloseTo(0.45 ** 2 + 0.5 ** 2, 3);
  });

  test('a checkpoint written before local codes existed opens with none', () => {
    const network = NetworkConfigSchema.parse({ ...TINY_NET, localSizes: [] }) as Record<string, unknown>;
    delete network.localSizes;
    const arch = parseArchitecture(
      {
        kind: POLICY_KIND,
        task: 'push-T',
        primitive: 'push',
        network,
        schedule: ScheduleConfigSchema.parse({}),
        actionRange: UNIT_RANGE,
        rotate: false,
        train: TrainConfigSchema.parse({}),
      },
      'old.onnx',
    );
    expect(arch.network.localSizes).toEqual([]);
    expect(NetworkConfigSchema.parse({}).localSizes).toEqual([64]);
  });
});
