import { afterEach, describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { loadCheckpoint, makeTrainer } from '../../../nn/index.ts';
import { EarlyStopping, splitByEpisode } from '../../../reward/models/early-stopping.ts';
import { parseExplicitConfig, trainExplicit } from '../../../reward/models/explicit-trainer.ts';
import {
  buildTrainingGraph,
  trainMember,
  validationFeeds,
  validationLoss,
} from '../../../reward/models/explicit-member.ts';
import { makePairData, type ExplicitRewardModel } from '../../../reward/models/index.ts';
import { randomAction, syntheticPairs } from './fixtures.ts';

const live: ExplicitRewardModel[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((m) => m.free()));
});

const tiny = { points: 16, pointSizes: [16], actionSizes: [16], fuse: 16, headSizes: [16] };

/** Random labels on a few states: nothing to learn, so the validation loss must turn up. */
function noise(seed: number) {
  const rng = makeRng(seed);
  const { clouds } = syntheticPairs(rng, 12, 1);
  const pairs = Array.from({ length: 160 }, () => ({
    state: rng.int(12),
    a: randomAction(rng),
    b: randomAction(rng),
    y: rng.next() < 0.5 ? 1 : 0,
  }));
  return makePairData(clouds, pairs);
}

const paramsOf = (m: ExplicitRewardModel) => loadCheckpoint(m.bytes).params;

describe('explicit reward training discipline', () => {
  test('the validation split keeps episodes whole', () => {
    const episodeOf = Int32Array.from({ length: 400 }, (_, i) => Math.floor(i / 4));
    const { train, validation } = splitByEpisode(episodeOf, 0.2, 7);
    expect(train.length + validation.length).toBe(400);
    expect(validation.length).toBeGreaterThan(0);
    const trainEpisodes = new Set(Array.from(train, (i) => episodeOf[i]));
    for (const i of validation) expect(trainEpisodes.has(episodeOf[i])).toBe(false);
  });

  test('early stopping waits `patience` epochs past the best and never stops without validation', () => {
    const s = new EarlyStopping(2, 0, true);
    [0.9, 0.7, 0.8, 0.75].forEach((v, e) => s.update(e, 1, v));
    expect(s.shouldStop()).toBe(true);
    expect(s.record()).toMatchObject({ epochsUsed: 3, bestEpoch: 1, validationLoss: 0.7 });
    const none = new EarlyStopping(2, 0, false);
    for (let e = 0; e < 10; e++) none.update(e, 1, NaN);
    expect(none.shouldStop()).toBe(false);
  });

  test("on a tiny over-fitting set it stops before the maximum and keeps the best epoch's weights", async () => {
    const data = noise(1);
    const cfg = parseExplicitConfig({ ...tiny, epochs: 200, patience: 3, lr: 3e-3, validation: 0.3 });
    const split = splitByEpisode(data.stateOf, cfg.validation, cfg.seed);
    const seen: number[] = [];
    const r = await trainMember(
      { data, cfg, members: 1, member: 0, train: split.train, validation: split.validation, init: null },
      (p) => seen.push(p.validationLoss),
    );
    expect(r.record.epochsUsed).toBeLessThan(200);
    expect(r.record.epochsUsed - r.record.bestEpoch).toBe(3);
    // The returned weights give exactly the best validation loss seen.
    const { g, members } = buildTrainingGraph(cfg, 1, null);
    const byName = new Map(g.params().map((p) => [p.name, p.data]));
    for (const [name, v] of r.params) byName.get(name)!.set(v);
    const trainer = await makeTrainer(g, { loss: members[0].loss, params: members[0].params });
    try {
      const vl = await validationLoss(trainer, validationFeeds(data, split.validation, cfg));
      expect(vl).toBe(r.record.validationLoss);
      expect(Math.min(...seen, r.record.validationLoss)).toBe(r.record.validationLoss);
      expect(seen[seen.length - 1]).toBeGreaterThan(r.record.validationLoss);
    } finally {
      await trainer.free();
    }
  }, 60_000);

  test("a warm start begins from the previous model's parameters", async () => {
    const data = noise(2);
    const first = await trainExplicit(data, { ...tiny, epochs: 3, seed: 1 });
    live.push(first.model);
    // A vanishing learning rate leaves the starting point in place: the previous model's, or a fresh init.
    const warm = await trainExplicit(
      data,
      { ...tiny, epochs: 1, seed: 5, lr: 1e-12, validation: 0 },
      { init: first.model.bytes },
    );
    const cold = await trainExplicit(data, { ...tiny, epochs: 1, seed: 5, lr: 1e-12, validation: 0 });
    live.push(warm.model, cold.model);
    const prev = paramsOf(first.model),
      w = paramsOf(warm.model),
      c = paramsOf(cold.model);
    let warmGap = 0,
      coldGap = 0;
    for (const [name, p] of prev) {
      p.data.forEach((v, i) => {
        warmGap = Math.max(warmGap, Math.abs(w.get(name)!.data[i] - v));
        coldGap = Math.max(coldGap, Math.abs(c.get(name)!.data[i] - v));
      });
    }
    expect(warmGap).toBeLessThan(1e-6);
    expect(coldGap).toBeGreaterThan(1e-3);
  }, 60_000);

  test('an ensemble trained on two worker threads equals the serial one bit for bit', async () => {
    const data = noise(3);
    const cfg = { ...tiny, epochs: 3, ensemble: 2, seed: 4 };
    const serial = await trainExplicit(data, cfg, { threads: 1 });
    const parallel = await trainExplicit(data, cfg, { threads: 2, threadsFromPairs: 1 });
    live.push(serial.model, parallel.model);
    const a = paramsOf(serial.model),
      b = paramsOf(parallel.model);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, p] of a)
      expect(Buffer.from(b.get(name)!.data.buffer).equals(Buffer.from(p.data.buffer))).toBe(true);
    expect(parallel.stopping).toEqual(serial.stopping);
  }, 120_000);

  test('CRM training stops early too and records it', async () => {
    const data = noise(4);
    const r = await trainExplicit(data, {
      ...tiny,
      epochs: 200,
      patience: 2,
      lr: 3e-3,
      robust: 'crm',
      validation: 0.3,
    });
    live.push(r.model);
    expect(r.stopping[0].epochsUsed).toBeLessThan(200);
    expect(Number.isFinite(r.stopping[0].validationLoss)).toBe(true);
    expect(r.validationPairs).toBeGreaterThan(0);
  }, 60_000);
});
