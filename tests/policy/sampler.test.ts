import { describe, expect, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';
import {
  fixedNoise,
  makeNoiseSchedule,
  noiseFromRng,
  sampleDiffusion,
  samplingTimesteps,
  type EpsFn,
} from '../../policy/index.ts';

const s = makeNoiseSchedule();
const K = 5,
  DA = 6;

/** The exact ε for data that is always `target`: ε = (x − √ᾱ a*)/√(1−ᾱ). */
function oracle(target: number[], calls: { t: number[] } = { t: [] }): EpsFn {
  return async (x, t) => {
    calls.t.push(t);
    const ab = s.alphaBars[t];
    return x.map((v, j) => (v - Math.sqrt(ab) * target[j % DA]) / Math.sqrt(1 - ab));
  };
}
const draws = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => new Float32Array(K * DA).map(() => makeRng(seed * 1000 + i).normal()));

describe('timesteps', () => {
  test.each([
    [{ kind: 'ddim' as const, steps: 10 }, [90, 80, 70, 60, 50, 40, 30, 20, 10, 0]],
    [{ kind: 'ddim' as const, steps: 4 }, [75, 50, 25, 0]],
  ])('%o', (cfg, want) => expect(samplingTimesteps(s, cfg)).toEqual(want));

  test('DDPM visits all T steps; DDIM with more steps than T is refused', () => {
    const t = samplingTimesteps(s, { kind: 'ddpm' });
    expect(t.length).toBe(100);
    expect(t[0]).toBe(99);
    expect(t[99]).toBe(0);
    expect(() => samplingTimesteps(s, { steps: 101 })).toThrow(/exceed/);
  });
});

describe('sampling', () => {
  const target = [0.3, -0.5, 0.1, 0.9, -0.2, 0];

  test.each([
    ['ddim η=0', { kind: 'ddim' as const, steps: 10, eta: 0 }],
    ['ddim η=1', { kind: 'ddim' as const, steps: 10, eta: 1 }],
    ['ddpm', { kind: 'ddpm' as const }],
  ])('%s: [K, 6] output, one network call per step for all K, recovers a point mass', async (_, cfg) => {
    const calls = { t: [] as number[] };
    const x = await sampleDiffusion(s, oracle(target, calls), K, DA, cfg, noiseFromRng(makeRng(1)));
    expect(x.length).toBe(K * DA);
    expect(calls.t).toEqual(samplingTimesteps(s, cfg));
    for (let j = 0; j < x.length; j++) expect(x[j]).toBeCloseTo(target[j % DA], 4);
  });

  test('samples are clipped to ±clipSample', async () => {
    const x = await sampleDiffusion(s, oracle([3, -3, 0, 0, 0, 0]), K, DA, { eta: 0 }, noiseFromRng(makeRng(2)));
    for (let k = 0; k < K; k++) {
      expect(x[k * DA]).toBeCloseTo(1, 5);
      expect(x[k * DA + 1]).toBeCloseTo(-1, 5);
    }
  });

  test('fixed noise gives identical samples; other noise gives others', async () => {
    const net: EpsFn = async (x, t) => x.map((v, j) => Math.sin(v * 3 + t * 0.1 + j)); // not an oracle: noise matters
    const a = await sampleDiffusion(s, net, K, DA, { steps: 10, eta: 1 }, fixedNoise(draws(11, 1)));
    const b = await sampleDiffusion(s, net, K, DA, { steps: 10, eta: 1 }, fixedNoise(draws(11, 1)));
    const c = await sampleDiffusion(s, net, K, DA, { steps: 10, eta: 1 }, fixedNoise(draws(11, 2)));
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  test('DDIM η = 0 is deterministic given x_T: it draws no noise after the start', async () => {
    const net: EpsFn = async (x, t) => x.map((v, j) => 0.5 * Math.sin(v * 2 + t * 0.05 + j));
    const start = draws(1, 5);
    // fixedNoise throws on a 2nd draw
    const a = await sampleDiffusion(s, net, K, DA, { steps: 10, eta: 0 }, fixedNoise(start));
    const b = await sampleDiffusion(s, net, K, DA, { steps: 10, eta: 0 }, fixedNoise(draws(1, 5)));
    expect(Array.from(b)).toEqual(Array.from(a));
    await expect(sampleDiffusion(s, net, K, DA, { steps: 10, eta: 1 }, fixedNoise(draws(1, 5)))).rejects.toThrow(
      /only 1 arrays/,
    );
  });

  test('a network returning the wrong size is reported', async () => {
    await expect(
      sampleDiffusion(s, async () => new Float32Array(3), K, DA, {}, noiseFromRng(makeRng(1))),
    ).rejects.toThrow(/returned 3 numbers, expected 5×6/);
  });
});
