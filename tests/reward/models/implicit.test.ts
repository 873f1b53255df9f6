import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { makeTrainer } from '../../../nn/index.ts';
import {
  buildDpoGraph,
  dpoFeeds,
  implicitModel,
  implicitPairs,
  ImplicitRewardModel,
  openRewardModel,
  parseImplicitConfig,
  readPolicy,
  REF,
  THETA,
  trainImplicit,
  type ImplicitPairs,
} from '../../../reward/models/index.ts';
import { openStore } from '../../../reward/store/index.ts';
import type { Action } from '../../../sim/types.ts';
import { saveAndRegister } from '../../../reward/models/index.ts';
import { obsOf, randomAction, syntheticPairs } from './fixtures.ts';
import { tinyPolicy } from './implicit-fixtures.ts';

const policy = tinyPolicy();
const dir = mkdtempSync(join(tmpdir(), 'prefsim-implicit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 12 states, 96 oracle pairs of the fixtures' known reward, as winner/loser pairs. */
function data(seed = 1): ImplicitPairs {
  const { data: d, clouds } = syntheticPairs(makeRng(seed), 12, 96);
  return implicitPairs(clouds.map(obsOf), d);
}

/** Mean of r(w) − r(l) over the pairs. */
async function margin(m: ImplicitRewardModel, d: ImplicitPairs): Promise<number> {
  let s = 0;
  for (let i = 0; i < d.stateOf.length; i++) {
    const act = (rows: Float32Array): Action => ({
      primitive: 'pick_place',
      p0: [...rows.subarray(i * 6, i * 6 + 3)] as Action['p0'],
      p1: [...rows.subarray(i * 6 + 3, i * 6 + 6)] as Action['p1'],
    });
    const r = await m.score(d.observations[d.stateOf[i]], [act(d.w), act(d.l)]);
    s += r[0] - r[1];
  }
  return s / d.stateOf.length;
}

describe('implicit Diffusion-DPO reward', () => {
  test('implicitPairs drops equal pairs and swaps y = 0 so w is the winner', () => {
    const a: Action = { primitive: 'pick_place', p0: [0.1, 0, 0], p1: [0.2, 0, 0] };
    const b: Action = { primitive: 'pick_place', p0: [0.3, 0, 0], p1: [0.4, 0, 0] };
    const { data: d } = syntheticPairs(makeRng(0), 1, 1);
    const pd = {
      ...d,
      stateOf: Int32Array.from([0, 0, 0]),
      a: Float32Array.from([...a.p0, ...a.p1, ...a.p0, ...a.p1, ...a.p0, ...a.p1]),
      b: Float32Array.from([...b.p0, ...b.p1, ...b.p0, ...b.p1, ...b.p0, ...b.p1]),
      y: Float32Array.from([1, 0.5, 0]),
    };
    const p = implicitPairs([obsOf(d.states[0])], pd);
    expect(p.stateOf.length).toBe(2);
    expect([...p.w.subarray(0, 6)]).toEqual([...pd.a.subarray(0, 6)]);
    expect([...p.w.subarray(6, 12)]).toEqual([...pd.b.subarray(0, 6)]);
    expect([...p.l.subarray(6, 12)]).toEqual([...pd.a.subarray(0, 6)]);
  });

  test('θ = ref scores every candidate exactly 0; shapes are [K] and [K, M]', async () => {
    const { arch, nets } = readPolicy(policy.bytes);
    const cfg = parseImplicitConfig({ draws: 7 });
    const m = await implicitModel(arch, nets, nets, cfg, 'zero');
    try {
      const rng = makeRng(2);
      const obs = obsOf(syntheticPairs(rng, 1, 1).clouds[0]);
      const acts = Array.from({ length: 5 }, () => randomAction(rng));
      const r = await m.score(obs, acts);
      expect(r.length).toBe(5);
      expect([...r].every((x) => x === 0)).toBe(true);
      const d = await m.errorDiffs(obs, new Float32Array(5 * 6));
      expect(d.length).toBe(5 * 7);
      expect((await m.score(obs, [])).length).toBe(0);
      expect([...m.draws.t].every((t) => t >= 0 && t < 10)).toBe(true);
    } finally {
      await m.free();
    }
  });

  test.each(['log-sigmoid', 'sigmoid'] as const)(
    '%s loss: value at Δ = 0, only ε_θ is trained, gradient matches finite differences',
    async (loss) => {
      const { arch, nets } = readPolicy(policy.bytes);
      const cfg = parseImplicitConfig({ loss, beta: 5 });
      const dpo = buildDpoGraph(arch, nets, cfg);
      const trainer = await makeTrainer(dpo.graph, {
        loss: dpo.loss,
        params: dpo.thetaParams,
        outputs: { delta: dpo.delta },
      });
      try {
        expect(trainer.trainedNames.length).toBeGreaterThan(0);
        expect(trainer.trainedNames.every((n) => n.startsWith(THETA))).toBe(true);
        const feeds = dpoFeeds(
          data(),
          Int32Array.from({ length: 8 }, (_, i) => i),
          arch,
          cfg,
          makeRng(4),
        );
        const g0 = await trainer.gradients(feeds);
        // θ = ref at the start: Δ = 0 for every pair, loss log 2 or −1/2.
        expect([...(g0.outputs.delta.data as Float32Array)].every((x) => Math.abs(x) < 1e-6)).toBe(true);
        expect(g0.loss).toBeCloseTo(loss === 'log-sigmoid' ? Math.log(2) : -0.5, 5);
        // Move θ off ref so the gradient is not trivially symmetric, then check by central differences.
        await trainer.step(feeds);
        await trainer.step(feeds);
        const { grads } = await trainer.gradients(feeds);
        const name = `${THETA}den.out.w`;
        const p = dpo.graph.paramByName(name);
        const w = dpo.graph.paramData.get(p.id)!;
        const g = grads.get(name)!;
        const order = [...g.keys()].sort((a, b) => Math.abs(g[b]) - Math.abs(g[a])).slice(0, 4);
        for (const j of order) {
          const h = 1e-2,
            w0 = w[j];
          w[j] = w0 + h;
          const lp = (await trainer.evaluate(feeds)).loss;
          w[j] = w0 - h;
          const lm = (await trainer.evaluate(feeds)).loss;
          w[j] = w0;
          const fd = (lp - lm) / (2 * h);
          expect(Math.abs(fd - g[j])).toBeLessThan(0.05 * Math.abs(g[j]) + 1e-4);
        }
        // The reference copy is untouched by training.
        const ref = dpo.graph.params().find((q) => q.name === `${REF}den.out.w`)!;
        expect([...ref.data]).toEqual([...nets.denoiser.params().find((q) => q.name === 'den.out.w')!.data]);
      } finally {
        await trainer.free();
      }
    },
  );

  test("training lowers the DPO loss and raises the winner's implicit reward over the loser", async () => {
    const d = data(1);
    const before = await implicitModel(
      readPolicy(policy.bytes).arch,
      readPolicy(policy.bytes).nets,
      readPolicy(policy.bytes).nets,
      parseImplicitConfig({ draws: 32 }),
      'before',
    );
    const m0 = await margin(before, d);
    await before.free();
    expect(m0).toBe(0);
    // All 12 epochs (no early stopping), so the first and last three compare.
    const { model, epochLosses } = await trainImplicit(d, policy.bytes, { epochs: 12, draws: 32, valFraction: 0 });
    try {
      // Each epoch draws fresh t and ε, so compare the first and last three epochs.
      const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(epochLosses[0]).toBeLessThan(Math.log(2) + 0.05);
      expect(avg(epochLosses.slice(-3))).toBeLessThan(avg(epochLosses.slice(0, 3)) - 0.05);
      expect(await margin(model, d)).toBeGreaterThan(0);
      // Held out: new pairs of the same known reward on new states.
      expect(await margin(model, data(9))).toBeGreaterThan(0);
    } finally {
      await model.free();
    }
  });

  // The policy's local code decides what the [K, M] replay must broadcast, so both kinds are checked.
  test.each(['offsets', 'attention'] as const)(
    'the batched scorer (K × M in one run) equals scoring each candidate alone (local code: %s)',
    async (kind) => {
      const bytes = kind === 'offsets' ? policy.bytes : tinyPolicy(3, kind).bytes;
      const { model } = await trainImplicit(data(2), bytes, { epochs: 2, lr: 1e-3, draws: 16 });
      try {
        const rng = makeRng(5);
        const obs = obsOf(syntheticPairs(rng, 1, 1).clouds[0]);
        const acts = Array.from({ length: 8 }, () => randomAction(rng));
        const batched = await model.score(obs, acts);
        for (let k = 0; k < acts.length; k++) expect(batched[k]).toBeCloseTo((await model.score(obs, [acts[k]]))[0], 4);
        expect(new Set(batched).size).toBe(8);
      } finally {
        await model.free();
      }
    },
  );

  test('saved, registered and reopened as kind implicit, scoring the same', async () => {
    const { model } = await trainImplicit(data(3), policy.bytes, { epochs: 1, draws: 8 });
    const store = openStore(join(dir, 'p.db'));
    try {
      const { id, path } = saveAndRegister(store, model, 'rope-circle', 'implicit', { x: 1 });
      expect(store.getModel(id)?.kind).toBe('implicit');
      const back = await openRewardModel(path, id);
      try {
        expect(back).toBeInstanceOf(ImplicitRewardModel);
        const rng = makeRng(6);
        const obs = obsOf(syntheticPairs(rng, 1, 1).clouds[0]);
        const acts = Array.from({ length: 3 }, () => randomAction(rng));
        expect([...(await back.score(obs, acts))]).toEqual([...(await model.score(obs, acts))]);
      } finally {
        await back.free();
      }
    } finally {
      store.close();
      await model.free();
    }
  });
});
