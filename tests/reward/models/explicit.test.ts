import { afterEach, describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import {
  type ExplicitRewardModel,
  makePairData,
  openRewardModel,
  resolveModelSpec,
  saveAndRegister,
  sigmoid,
  trainExplicit,
} from '../../../reward/models/index.ts';
import { openStore } from '../../../reward/store/index.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { obsOf, randomAction, syntheticPairs, trueReward } from './fixtures.ts';

const live: { free(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((m) => m.free()));
});

/** Clean accuracy over all candidate pairs of 8 random actions on 20 unseen states. */
async function heldOutAccuracy(model: ExplicitRewardModel, seed: number): Promise<number> {
  const rng = makeRng(seed);
  const { clouds } = syntheticPairs(rng, 20, 1);
  let right = 0,
    n = 0;
  for (const c of clouds) {
    const acts = Array.from({ length: 8 }, () => randomAction(rng));
    const s = await model.score(obsOf(c), acts);
    for (let i = 0; i < 8; i++) {
      for (let j = i + 1; j < 8; j++) {
        n++;
        if (s[i] > s[j] === trueReward(c, acts[i]) > trueReward(c, acts[j])) right++;
      }
    }
  }
  return right / n;
}

describe('explicit Bradley–Terry reward', () => {
  test('learns a known reward from 400 oracle pairs', async () => {
    const { data } = syntheticPairs(makeRng(1), 40, 400);
    const { model, finalLoss } = await trainExplicit(data, { epochs: 30, points: 64 });
    live.push(model);
    expect(finalLoss[0]).toBeLessThan(0.2);
    expect(await heldOutAccuracy(model, 2)).toBeGreaterThan(0.82);
  });

  test('ties train P(A ≻ B) towards 0.5', async () => {
    const rng = makeRng(3);
    const { clouds } = syntheticPairs(rng, 10, 1);
    const pairs = Array.from({ length: 64 }, () => ({
      state: rng.int(10),
      a: randomAction(rng),
      b: randomAction(rng),
      y: 0.5,
    }));
    // All 30 epochs on all pairs: this checks the tie target itself, not early stopping.
    const { model } = await trainExplicit(makePairData(clouds, pairs), { epochs: 30, points: 32, validation: 0 });
    live.push(model);
    let worst = 0;
    for (const p of pairs.slice(0, 16)) {
      const s = await model.score(obsOf(clouds[p.state]), [p.a, p.b]);
      worst = Math.max(worst, Math.abs(sigmoid(s[0] - s[1]) - 0.5));
    }
    expect(worst).toBeLessThan(0.1);
  });

  test('an ensemble has distinct bootstrap members and scores with their mean', async () => {
    const { data, clouds } = syntheticPairs(makeRng(4), 20, 120);
    const { model } = await trainExplicit(data, { epochs: 5, points: 32, ensemble: 3 });
    live.push(model);
    const acts = [randomAction(makeRng(5)), randomAction(makeRng(6))];
    const { scores, members } = await model.memberScores(obsOf(clouds[0]), acts);
    expect(members).toBe(3);
    expect(scores[0]).not.toBeCloseTo(scores[2], 4);
    const mean = await model.score(obsOf(clouds[0]), acts);
    expect(mean[1]).toBeCloseTo((scores[1] + scores[3] + scores[5]) / 3, 5);
  });

  // Bounded work, seeded: 3 seeds × (1 + 2 members) × at most 30 epochs of 400 pairs on 32 points, so the
  // result does not depend on machine load. The limit below only catches a hang; it is not a speed check.
  test('CRM beats plain Bradley–Terry with 40 % flipped labels, averaged over 3 seeds', async () => {
    const acc = { bt: 0, crm: 0 };
    for (const seed of [1, 2, 3]) {
      const { data } = syntheticPairs(makeRng(seed), 40, 400, 0.4);
      const bt = await trainExplicit(data, { epochs: 30, points: 32, seed });
      live.push(bt.model);
      const crm = await trainExplicit(data, { epochs: 30, points: 32, robust: 'crm', seed });
      live.push(crm.model);
      expect(crm.model.members).toBe(2);
      acc.bt += (await heldOutAccuracy(bt.model, 2)) / 3;
      acc.crm += (await heldOutAccuracy(crm.model, 2)) / 3;
    }
    expect(acc.crm).toBeGreaterThan(acc.bt);
  }, 600_000);

  test('saves as ONNX, registers, and reopens by id, latest and path with identical scores', async () => {
    const { data, clouds } = syntheticPairs(makeRng(7), 10, 40);
    const { model } = await trainExplicit(data, { epochs: 2, points: 32, ensemble: 2 });
    live.push(model);
    const dir = mkdtempSync(join(tmpdir(), 'prefsim-reward-'));
    const store = openStore(join(dir, 'p.db'));
    try {
      const { id, path } = saveAndRegister(store, model, 'rope-circle', 'explicit', { acc: 0.9 });
      expect(store.latestModel('rope-circle', 'explicit')?.id).toBe(id);
      expect(resolveModelSpec(store, 'latest', 'rope-circle')).toEqual({ id, path });
      expect(resolveModelSpec(store, id, 'rope-circle').path).toBe(path);
      expect(() => resolveModelSpec(store, 'nope', 'rope-circle')).toThrow(
        'reward model nope: not a registered model id',
      );
      const back = await openRewardModel(path, id);
      live.push(back);
      const acts = [randomAction(makeRng(8)), randomAction(makeRng(9)), randomAction(makeRng(10))];
      expect(await back.score(obsOf(clouds[0]), acts)).toEqual(await model.score(obsOf(clouds[0]), acts));
    } finally {
      store.close();
    }
  });

  test('bad configs and data are refused naming the field', async () => {
    const { data } = syntheticPairs(makeRng(1), 4, 4);
    await expect(trainExplicit(data, { epochs: 0 })).rejects.toThrow('field epochs');
    expect(() =>
      makePairData(
        [new Float32Array(3)],
        [{ state: 1, a: randomAction(makeRng(1)), b: randomAction(makeRng(2)), y: 1 }],
      ),
    ).toThrow('field state');
  });
});
