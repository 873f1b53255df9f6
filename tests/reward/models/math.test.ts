import { describe, expect, test } from 'vitest';
import {
  binaryEntropy,
  combineRewards,
  curriculumFraction,
  expectedCalibrationError,
  keepRate,
  logSigmoid,
  logSigmoidTransform,
  marginOrder,
  meanScores,
  pairStats,
  preferenceAccuracy,
  reliabilityDiagram,
  smallLossSelection,
  spearman,
} from '../../../reward/models/index.ts';

describe('calibration', () => {
  test('a calibrated predictor has ECE 0; an overconfident one has the gap', () => {
    const p = [0.25, 0.25, 0.25, 0.25, 0.95, 0.95];
    const y = [1, 0, 0, 0, 1, 1];
    // Bin 2: conf .25 acc .25; bin 9: conf .95 acc 1 → ECE = (2/6)·0.05.
    expect(expectedCalibrationError(p, y)).toBeCloseTo((2 / 6) * 0.05, 10);
    expect(expectedCalibrationError([0.9, 0.9], [0, 0])).toBeCloseTo(0.9, 10);
  });

  test('reliability bins cover [0, 1] in 10 equal bins, 1.0 in the last', () => {
    const bins = reliabilityDiagram([0, 0.05, 0.5, 1], [0, 0, 1, 1]);
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.count)).toEqual([2, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    expect(bins[0].confidence).toBeCloseTo(0.025, 10);
    expect(() => reliabilityDiagram([1.2], [1])).toThrow('prediction 0 is 1.2');
  });
});

describe('reward transform', () => {
  test('log σ is stable and the median candidate maps to log ½', () => {
    expect(logSigmoid(0)).toBeCloseTo(Math.log(0.5), 12);
    expect(logSigmoid(-800)).toBeCloseTo(-800, 6);
    expect(logSigmoid(800)).toBe(-0);
    const u = logSigmoidTransform([1, 2, 3]);
    expect(u[1]).toBeCloseTo(Math.log(0.5), 6);
    expect(u[2]).toBeGreaterThan(u[0]);
  });

  test('combining sums transformed rewards: good in both beats great in one, bad in the other', () => {
    const c = combineRewards([
      [0, 10, 5],
      [0, -10, 5],
    ]);
    expect(c[2]).toBeGreaterThan(c[1]);
    expect(() => combineRewards([[1, 2], [1]])).toThrow('model 1 scored 1 candidates');
  });
});

describe('CRM schedule and selection', () => {
  test.each([
    [0, 1],
    [5, 0.8],
    [10, 0.6],
    [30, 0.6],
  ])('keepRate(%i) with τ 0.4, warm 10 = %f', (e, k) => {
    expect(keepRate(e, 0.4, 10)).toBeCloseTo(k, 12);
  });

  test('curriculum grows to all pairs; small-loss and margin orders', () => {
    expect(curriculumFraction(0, 0.5, 10)).toBe(0.5);
    expect(curriculumFraction(20, 0.5, 10)).toBe(1);
    expect([...smallLossSelection([0.3, 0.1, 0.9, 0.2], 2)]).toEqual([1, 3]);
    expect([...marginOrder([0.1, -2, 0.5])]).toEqual([1, 2, 0]);
  });
});

describe('ensemble statistics and rank metrics', () => {
  test('pair stats: agreeing members have zero std, disagreeing ones do not', () => {
    const agree = Float32Array.from([1, 0, 1, 0]); // [M=2, K=2]
    expect(pairStats(agree, 2, 0, 1).std).toBeCloseTo(0, 7);
    const disagree = Float32Array.from([2, 0, 0, 2]);
    const s = pairStats(disagree, 2, 0, 1);
    expect(s.mean).toBeCloseTo(0.5, 6);
    expect(s.std).toBeGreaterThan(0.3);
    expect([...meanScores(disagree, 2)]).toEqual([1, 1]);
    expect(binaryEntropy(0.5)).toBeCloseTo(Math.log(2), 10);
  });

  test('Spearman handles ties; accuracy skips ties', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 1, 2], [1, 1, 2])).toBeCloseTo(1, 12);
    expect(preferenceAccuracy([0.9, 0.2, 0.7], [1, 1, 0.5])).toBe(0.5);
  });
});
