import { describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { discountedReturn, makeTeacher, sigmoid, teacherByName, type Teacher } from '../../../reward/teachers/index.ts';
import { Q, outcome } from './fixtures.ts';

/** Fraction of `n` draws in which the teacher says A, for returns ra vs rb (single-step). */
function fractionA(t: Teacher, ra: number, rb: number, n: number, seed: number): number {
  const rng = makeRng(seed);
  let a = 0;
  for (let k = 0; k < n; k++)
    if ((t.label(Q, [outcome([ra]), outcome([rb])], rng) as { winner: string }).winner === 'A') a++;
  return a / n;
}

describe('oracle (β = ∞)', () => {
  test('always prefers the higher return', () => {
    const rng = makeRng(1);
    const oracle = teacherByName('oracle');
    for (let k = 0; k < 2000; k++) {
      const ra = [rng.normal(), rng.normal(), rng.normal()];
      const rb = [rng.normal(), rng.normal()];
      const sa = ra.reduce((x, y) => x + y);
      const sb = rb.reduce((x, y) => x + y);
      const l = oracle.label(Q, [outcome(ra), outcome(rb)], rng);
      expect(l).toEqual({ kind: 'pair', winner: sa > sb ? 'A' : 'B' });
    }
  });

  test('an exact tie is "equal"', () => {
    expect(teacherByName('oracle').label(Q, [outcome([0.5]), outcome([0.25, 0.25])], makeRng(0))).toEqual({
      kind: 'pair',
      winner: 'equal',
    });
  });
});

describe('mistake and the noise-rate knob flip labels at their rate', () => {
  test.each([
    ['mistake', 0.1],
    ['oracle:flip=0.25', 0.25],
    ['oracle:flip=0.4', 0.4],
  ])('%s flips ≈ %f', (spec, rate) => {
    const n = 20_000;
    const wrong = 1 - fractionA(teacherByName(spec), 1, 0, n, 7);
    // binomial sd ≤ 0.0035 at n = 20 000; 0.012 is > 3 sd
    expect(Math.abs(wrong - rate)).toBeLessThan(0.012);
  });

  test('flip outside 0..0.4 is refused with the field named', () => {
    expect(() => teacherByName('oracle:flip=0.5')).toThrow(
      'oracle:flip=0.5 config: field flip: Too big: expected number to be <=0.4 (found 0.5)',
    );
    expect(() => makeTeacher({ flip: -0.1 })).toThrow('field flip');
  });
});

describe('stoch (β = 1) follows σ(β ΔR)', () => {
  test.each([-2, -0.5, 0.3, 1, 2.5])('ΔR = %f', (d) => {
    const n = 6000;
    const got = fractionA(teacherByName('stoch'), d, 0, n, 11);
    expect(Math.abs(got - sigmoid(d))).toBeLessThan(0.025); // sd ≤ 0.0065
  });

  test('β scales the slope', () => {
    const t = makeTeacher({ beta: 4 });
    expect(Math.abs(fractionA(t, 0.25, 0, 6000, 3) - sigmoid(1))).toBeLessThan(0.025);
  });

  test('same seed, same labels', () => {
    const t = teacherByName('stoch');
    expect(fractionA(t, 0.1, 0, 500, 5)).toBe(fractionA(t, 0.1, 0, 500, 5));
  });
});

describe('skip and equal thresholds', () => {
  test.each([
    // preset, ra, rb, winner
    ['skip', 0.05, 0.09, 'skip'], // both below 0.1
    ['skip', 0.05, 0.1, 'B'], // one reaches the threshold
    ['skip', 0.2, 0.15, 'A'],
    ['skip:skipBelow=1', 0.9, 0.5, 'skip'],
    ['equal', 0.5, 0.54, 'equal'], // |ΔR| < 0.05
    ['equal', 0.5, 0.56, 'B'],
    ['equal', 0.5, 0.44, 'A'],
    ['equal:equalWithin=0.2', 0.5, 0.65, 'equal'],
    ['skip:equalWithin=0.05', 0.01, 0.02, 'skip'], // skip is checked before equal (B-Pref)
  ] as const)('%s: R = %f vs %f → %s', (spec, ra, rb, winner) => {
    expect(teacherByName(spec).label(Q, [outcome([ra]), outcome([rb])], makeRng(0))).toEqual({ kind: 'pair', winner });
  });
});

describe('myopic (γ = 0.9)', () => {
  test.each([
    [[1, 2, 3], 1, 6],
    [[1, 2, 3], 0.9, 0.81 * 1 + 0.9 * 2 + 3],
    [[5], 0.5, 5],
    [[1, 0, 0], 0.9, 0.81],
  ])('discountedReturn(%j, %f) = %f', (r, g, want) => {
    expect(discountedReturn(r, g)).toBeCloseTo(want, 12);
  });

  test('weighs recent steps more: early gain loses to a smaller late gain', () => {
    const early = outcome([1, 0, 0]); // sum 1, myopic 0.81
    const late = outcome([0, 0, 0.9]); // sum 0.9, myopic 0.9
    expect(teacherByName('oracle').label(Q, [early, late], makeRng(0))).toEqual({ kind: 'pair', winner: 'A' });
    expect(teacherByName('myopic').label(Q, [early, late], makeRng(0))).toEqual({ kind: 'pair', winner: 'B' });
  });
});

describe('boundaries', () => {
  test('bad outcomes are rejected with the field named', () => {
    const t = teacherByName('oracle');
    expect(() => t.label(Q, [outcome([1]), outcome([])], makeRng(0))).toThrow(
      'oracle: outcome 1: field rewards: Too small',
    );
    expect(() => t.label(Q, [outcome([1]), outcome([NaN])], makeRng(0))).toThrow('oracle: outcome 1: field rewards.0');
    expect(() => t.label(Q, [outcome([1])], makeRng(0))).toThrow(
      'oracle: outcomes: a pair teacher expected 2 outcomes, found 1',
    );
    expect(() => t.label({ task: '' }, [outcome([1]), outcome([2])], makeRng(0))).toThrow('oracle: query: field task');
  });

  test('unknown names list the accepted ones', () => {
    expect(() => teacherByName('genius')).toThrow(
      'unknown teacher "genius": expected one of oracle, stoch, mistake, skip, equal, myopic, keep-out, ' +
        'avoid-region, shorter-moves, gentle-flings, ranking, triplet, thumbs, or a path to a .mjs module',
    );
    expect(() => teacherByName('oracle:flip')).toThrow('teacher spec "oracle:flip": expected key=value, found "flip"');
    expect(() => teacherByName('oracle:colour=3')).toThrow('field (root): Unrecognized key: "colour"');
  });
});
