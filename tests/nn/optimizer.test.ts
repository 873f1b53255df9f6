import { describe, expect, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';
import { Adam, batchStream, epochBatches, gatherRows, learningRate } from '../../nn/index.ts';

describe('Adam / AdamW', () => {
  test('first Adam step moves each weight by lr against the gradient sign', () => {
    const p = Float32Array.from([1, -2, 3]);
    const opt = new Adam({ lr: 0.1 }, [p]);
    opt.update([Float32Array.from([0.5, -4, 0])]);
    // m̂ = g, v̂ = g², so the step is lr·g/(|g|+eps): ±lr, and 0 for a zero gradient.
    expect(Array.from(p)).toEqual([Math.fround(1 - 0.1), Math.fround(-2 + 0.1), 3].map((v, i) => (i < 2 ? expect.closeTo(v, 6) : v)));
  });

  test('second step matches the bias-corrected formula', () => {
    const p = Float32Array.from([0]);
    const opt = new Adam({ lr: 0.01, beta1: 0.9, beta2: 0.999 }, [p]);
    opt.update([Float32Array.from([1])]);
    opt.update([Float32Array.from([3])]);
    const m = 0.9 * 0.1 + 0.1 * 3, v = 0.999 * 0.001 + 0.001 * 9;
    const mh = m / (1 - 0.81), vh = v / (1 - 0.999 ** 2);
    expect(p[0]).toBeCloseTo(-0.01 - (0.01 * mh) / (Math.sqrt(vh) + 1e-8), 6);
  });

  test('AdamW decays weights even with zero gradient; Adam with no decay does not move them', () => {
    const a = Float32Array.from([2]), b = Float32Array.from([2]);
    new Adam({ kind: 'adamw', lr: 0.1, weightDecay: 0.5 }, [a]).update([Float32Array.from([0])]);
    new Adam({ kind: 'adam', lr: 0.1 }, [b]).update([Float32Array.from([0])]);
    expect(a[0]).toBeCloseTo(2 * (1 - 0.1 * 0.5), 6);
    expect(b[0]).toBe(2);
  });

  test('clipping by global norm reports the raw norm and bounds the step', () => {
    const p = Float32Array.from([0, 0]);
    const opt = new Adam({ lr: 1, clipNorm: 1 }, [p]);
    const info = opt.update([Float32Array.from([3, 4])]);
    expect(info.gradNorm).toBeCloseTo(5, 6);
    // Adam normalises per element, so the first step is still ±lr: check the moments saw clipped values.
    expect(opt.state().m[0][0]).toBeCloseTo(0.1 * 0.6, 5);
    expect(opt.state().m[0][1]).toBeCloseTo(0.1 * 0.8, 5);
  });

  test('state round-trips and sizes are checked', () => {
    const p = Float32Array.from([1, 2]);
    const opt = new Adam({}, [p]);
    opt.update([Float32Array.from([1, 1])]);
    const s = opt.state();
    const other = new Adam({}, [Float32Array.from([1, 2])]);
    other.load(s);
    expect(other.state()).toEqual(s);
    expect(() => other.load({ step: 1, m: [new Float32Array(3)], v: [new Float32Array(3)] })).toThrow(/buffer 0 has 3 values, parameter has 2/);
  });

  test('config is validated', () => {
    expect(() => new Adam({ lr: -1 }, [])).toThrow();
  });
});

describe('learning-rate schedules', () => {
  test('constant', () => {
    expect(learningRate({ kind: 'constant' }, 0.1, 1000)).toBe(0.1);
  });
  test('cosine with warm-up: ramps up, peaks, decays to minLr', () => {
    const s = { kind: 'cosine' as const, warmupSteps: 10, totalSteps: 110, minLr: 0.01 };
    expect(learningRate(s, 1, 0)).toBeCloseTo(0.1);
    expect(learningRate(s, 1, 9)).toBeCloseTo(1);
    expect(learningRate(s, 1, 10)).toBeCloseTo(1);
    expect(learningRate(s, 1, 60)).toBeCloseTo(0.01 + 0.5 * 0.99);
    expect(learningRate(s, 1, 110)).toBeCloseTo(0.01);
    expect(learningRate(s, 1, 500)).toBeCloseTo(0.01);
  });
});

describe('mini-batches', () => {
  test('an epoch visits every row once, in a seeded order', () => {
    const seen = [...epochBatches(10, 3, makeRng(1))];
    expect(seen.map((b) => b.length)).toEqual([3, 3, 3, 1]);
    expect(seen.flatMap((b) => Array.from(b)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const again = [...epochBatches(10, 3, makeRng(1))].flatMap((b) => Array.from(b));
    expect(again).toEqual(seen.flatMap((b) => Array.from(b)));
    expect([...epochBatches(10, 3, makeRng(2))].flatMap((b) => Array.from(b))).not.toEqual(again);
    expect([...epochBatches(10, 3, makeRng(1), true)].map((b) => b.length)).toEqual([3, 3, 3]);
  });

  test('the stream reshuffles each epoch and drops short batches', () => {
    const s = batchStream(6, 4, makeRng(3));
    const a = Array.from(s.next().value as Int32Array), b = Array.from(s.next().value as Int32Array);
    expect(a).toHaveLength(4);
    expect(b).toHaveLength(4);
  });

  test('gatherRows copies rows', () => {
    const src = Float32Array.from([0, 1, 10, 11, 20, 21]);
    expect(Array.from(gatherRows(src, 2, [2, 0]))).toEqual([20, 21, 0, 1]);
    expect(() => gatherRows(src, 2, [3])).toThrow(/row 3 out of range/);
  });
});
