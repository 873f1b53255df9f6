import { describe, expect, test } from 'vitest';
import { CombinedReward, logSigmoid, tradeoffWeights, type RewardModel } from '../../../reward/index.ts';
import { tradeoffPoint, type EvalResult } from '../../../pipeline/eval/index.ts';
import type { Action, Observation } from '../../../sim/types.ts';

/** A reward that returns fixed scores and counts its frees. */
function fixed(id: string, scores: number[]): RewardModel & { freed: number } {
  return {
    id,
    freed: 0,
    score: async () => Float32Array.from(scores),
    async free() {
      this.freed++;
    },
  };
}
const obs: Observation = { points: new Float32Array(3), center: [0, 0, 0], scale: 1 };
const acts = (k: number): Action[] =>
  Array.from({ length: k }, () => ({ primitive: 'push', p0: [0, 0, 0], p1: [0, 0, 0] }));

describe('CombinedReward', () => {
  test('sums the weighted log σ(r − median) transforms', async () => {
    const a = fixed('task', [0, 1, 2]),
      b = fixed('style', [5, 3, 4]);
    const c = new CombinedReward([a, b]);
    const s = await c.score(obs, acts(3));
    // medians 1 and 4
    const want = [logSigmoid(-1) + logSigmoid(1), logSigmoid(0) + logSigmoid(-1), logSigmoid(1) + logSigmoid(0)];
    Array.from(s).forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
    const w = await new CombinedReward([a, b], [1, 0]).score(obs, acts(3));
    Array.from(w).forEach((v, i) => expect(v).toBeCloseTo(logSigmoid(i - 1), 6));
    await c.free();
    expect([a.freed, b.freed]).toEqual([1, 1]);
  });

  test('"good in all": a huge lead in one model does not buy back a loss in the other', async () => {
    // Candidate 0 leads task by far but is below the median in style; candidate 1 is above both medians.
    const task = [100, 5, 0],
      style = [-3, 1, 0];
    const raw = task.map((t, i) => t + style[i]);
    expect(raw.indexOf(Math.max(...raw))).toBe(0); // the raw sum would pick candidate 0
    const s = Array.from(await new CombinedReward([fixed('task', task), fixed('style', style)]).score(obs, acts(3)));
    expect(s.indexOf(Math.max(...s))).toBe(1);
  });

  test('refuses mismatched weights and bad λ', () => {
    expect(() => new CombinedReward([fixed('a', [1])], [1, 2])).toThrow(/2 weights for 1 models/);
    expect(() => new CombinedReward([])).toThrow(/no reward models/);
    expect(tradeoffWeights(0.25)).toEqual([0.25, 0.75]);
    expect(() => tradeoffWeights(1.5)).toThrow(/\[0, 1\]/);
  });

  test('tradeoffPoint reads the final metric and the second axis of the combined episodes', () => {
    const r = (final: number, v: number | undefined, method = 'combined'): EvalResult => ({
      task: 'push-T',
      seed: 0,
      method,
      curve: [final],
      final,
      success: final > 0.9,
      stepsToSuccess: 1,
      diversity: NaN,
      decisions: 1,
      decisionMs: 1,
      extra: v === undefined ? {} : { keepOutViolations: v },
    });
    const p = tradeoffPoint(0.5, [r(0.2, 1), r(0.4, 3), r(0.95, undefined), r(9, 9, 'sl')], 'keepOutViolations');
    expect(p.final.n).toBe(3);
    expect(p.final.mean).toBeCloseTo((0.2 + 0.4 + 0.95) / 3, 9);
    expect(p.second).toMatchObject({ mean: 2, n: 2 });
    expect(p.successRate).toBeCloseTo(1 / 3, 9);
    expect(() => tradeoffPoint(1, [r(1, 1, 'sl')], 'x')).toThrow(/no combined episodes/);
  });
});
