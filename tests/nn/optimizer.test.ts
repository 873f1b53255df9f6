import { describe, expect, test } from 'vitest';
import { makeRng } from '../../core/rng.ts';
import { Adam, batchStream, epochBatches, gatherRows, learningRate } from '../../nn/index.ts';

describe.each([true, false])('Adam / AdamW (simd %s)', (simd) => {
  test('first Adam step moves each weight by lr against the gradient sign', () => {
    const opt = new Adam({ lr: 0.1 }, [Float32Array.from([1, -2, 3])], { simd });
    opt.update([Float32Array.from([0.5, -4, 0])]);
    // m̂ = g, v̂ = g², so the step is lr·g/(|g|+eps): ±lr, and 0 for a zero gradient.
    const p = opt.params[0];
    expect(p[0]).toBeCloseTo(0.9, 6);
    expect(p[1]).toBeCloseTo(-1.9, 6);
    expect(p[2]).toBe(3);
  });

  test('second step matches the bias-corrected formula', () => {
    const opt = new Adam({ lr: 0.01, beta1: 0.9, beta2: 0.999 }, [Float32Array.from([0])], { simd });
    opt.update([Float32Array.from([1])]);
    opt.grads[0][0] = 3; // writing into the gradient buffer directly is the fast path
    opt.update();
    const m = 0.9 * 0.1 + 0.1 * 3,
      v = 0.999 * 0.001 + 0.001 * 9;
    const mh = m / (1 - 0.81),
      vh = v / (1 - 0.999 ** 2);
    expect(opt.params[0][0]).toBeCloseTo(-0.01 - (0.01 * mh) / (Math.sqrt(vh) + 1e-8), 6);
  });

  test('AdamW decays weights even with zero gradient; Adam with no decay does not move them', () => {
    const a = new Adam({ kind: 'adamw', lr: 0.1, weightDecay: 0.5 }, [Float32Array.from([2])], { simd });
    const b = new Adam({ kind: 'adam', lr: 0.1 }, [Float32Array.from([2])], { simd });
    a.update([undefined]);
    b.update([undefined]);
    expect(a.params[0][0]).toBeCloseTo(2 * (1 - 0.1 * 0.5), 6);
    expect(b.params[0][0]).toBe(2);
  });

  test('Adam weight decay is L2 added to the gradient', () => {
    const a = new Adam({ kind: 'adam', lr: 0.1, weightDecay: 0.5 }, [Float32Array.from([2])], { simd });
    a.update([Float32Array.from([0])]);
    expect(a.state().m[0][0]).toBeCloseTo(0.1 * 0.5 * 2, 6);
  });

  test('clipping by global norm reports the raw norm and clips what the moments see', () => {
    const opt = new Adam({ lr: 1, clipNorm: 1 }, [Float32Array.from([0, 0]), Float32Array.from([0])], { simd });
    const info = opt.update([Float32Array.from([3, 0]), Float32Array.from([4])]);
    expect(info.gradNorm).toBeCloseTo(5, 5);
    expect(opt.state().m[0][0]).toBeCloseTo(0.1 * 0.6, 5);
    expect(opt.state().m[1][0]).toBeCloseTo(0.1 * 0.8, 5);
  });

  test('state round-trips and sizes are checked', () => {
    const opt = new Adam({}, [Float32Array.from([1, 2])], { simd });
    opt.update([Float32Array.from([1, 1])]);
    const s = opt.state();
    const other = new Adam({}, [Float32Array.from([1, 2])], { simd });
    other.load(s);
    expect(other.state()).toEqual(s);
    expect(() => other.load({ step: 1, m: [new Float32Array(3)], v: [new Float32Array(3)] })).toThrow(
      /buffer 0 has 3 values, parameter has 2/,
    );
  });

  test('config is validated', () => {
    expect(() => new Adam({ lr: -1 }, [], { simd })).toThrow();
  });
});

describe('the SIMD kernel matches the scalar loop', () => {
  test('AdamW with clipping, odd sizes, 20 steps', () => {
    const rng = makeRng(5);
    const sizes = [1, 3, 4, 5, 130];
    const init = sizes.map((n) => new Float32Array(n).map(() => rng.uniform(-1, 1)));
    const cfg = { kind: 'adamw' as const, lr: 0.05, weightDecay: 0.1, clipNorm: 2 };
    const fast = new Adam(cfg, init, { simd: true }),
      slow = new Adam(cfg, init, { simd: false });
    expect(fast.simd).toBe(true);
    expect(slow.simd).toBe(false);
    for (let t = 0; t < 20; t++) {
      const g = sizes.map((n) => new Float32Array(n).map(() => rng.uniform(-1, 1)));
      const a = fast.update(g),
        b = slow.update(g);
      expect(a.gradNorm).toBeCloseTo(b.gradNorm, 4);
    }
    let worst = 0;
    fast.params.forEach((p, k) => p.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - slow.params[k][i])))));
    expect(worst).toBeLessThan(1e-5);
    expect(fast.params[4][0]).not.toBe(init[4][0]);
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
    const a = Array.from(s.next().value as Int32Array),
      b = Array.from(s.next().value as Int32Array);
    expect(a).toHaveLength(4);
    expect(b).toHaveLength(4);
  });

  test('gatherRows copies rows', () => {
    const src = Float32Array.from([0, 1, 10, 11, 20, 21]);
    expect(Array.from(gatherRows(src, 2, [2, 0]))).toEqual([20, 21, 0, 1]);
    expect(() => gatherRows(src, 2, [3])).toThrow(/row 3 out of range/);
  });
});
