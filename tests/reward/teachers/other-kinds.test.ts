import { describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { LabelSchema, expandLabel, labelMismatch } from '../../../reward/labels/index.ts';
import { makeTeacher, teacherByName } from '../../../reward/teachers/index.ts';
import { Q, outcome } from './fixtures.ts';

const outs = (rs: number[]) => rs.map((r) => outcome([r]));

describe('ranking teacher (elimination)', () => {
  test.each([
    // returns, label (equalWithin 0.05)
    [[0.1, 0.9, 0.5, 0.12, 0.11], { order: [1, 2], rest: [0, 3, 4] }],
    [[0.1, 0.2, 0.3, 0.4], { order: [3, 2, 1], rest: [0] }],
    [[0.5, 0.52, 0.51], { order: [], rest: [0, 1, 2] }],
    [[0.7], { order: [], rest: [0] }],
    [[0.5, 0.5, 0.9], { order: [2], rest: [0, 1] }],
  ])('%j → %j', (rs, want) => {
    const l = teacherByName('ranking').label(Q, outs(rs), makeRng(0));
    expect(l).toEqual({ kind: 'ranking', ...want });
    expect(labelMismatch(LabelSchema.parse(l), rs.length)).toBeNull();
  });

  test('with equalWithin = 0 every distinct return is ranked', () => {
    const l = makeTeacher({ kind: 'ranking' }).label(Q, outs([0.3, 0.1, 0.2, 0.25]), makeRng(0));
    expect(l).toEqual({ kind: 'ranking', order: [0, 3, 2], rest: [1] });
    expect(expandLabel(l).pairs).toHaveLength(6); // a total order of 4
  });

  test('finite β picks the best first with Plackett–Luce probability', () => {
    const t = makeTeacher({ kind: 'ranking', beta: 1 });
    const rng = makeRng(4);
    const n = 4000;
    let first1 = 0;
    for (let k = 0; k < n; k++) {
      const l = t.label(Q, outs([0, 1, -1]), rng);
      if (l.kind === 'ranking' && l.order[0] === 1) first1++;
    }
    const p = Math.E / (1 + Math.E + Math.exp(-1));
    expect(Math.abs(first1 / n - p)).toBeLessThan(0.03);
  });
});

describe('triplet teacher', () => {
  test.each([
    [[0.2, 0.8, 0.5], { kind: 'triplet', best: 1, middle: 2, worst: 0 }],
    [[0.9, 0.1, 0.5], { kind: 'triplet', best: 0, middle: 2, worst: 1 }],
    [[0.5, 0.52, 0.51], { kind: 'triplet-equal' }],
    [[0.5, 0.5, 0.5], { kind: 'triplet-equal' }],
  ])('%j → %j', (rs, want) => {
    expect(teacherByName('triplet').label(Q, outs(rs), makeRng(0))).toEqual(want);
  });

  test('needs three outcomes', () => {
    expect(() => teacherByName('triplet').label(Q, outs([1, 2]), makeRng(0))).toThrow(
      'a triplet teacher expected 3 outcomes, found 2',
    );
  });
});

describe('thumbs teacher', () => {
  test.each([
    [0.5, true],
    [0.49, false],
    [2, true],
  ])('return %f → good %s', (r, good) => {
    expect(teacherByName('thumbs').label(Q, outs([r]), makeRng(0))).toEqual({ kind: 'binary', good });
  });

  test('flip applies to thumbs too', () => {
    const t = teacherByName('thumbs:flip=0.2');
    const rng = makeRng(9);
    let bad = 0;
    for (let k = 0; k < 10_000; k++) if (!(t.label(Q, outs([1]), rng) as { good: boolean }).good) bad++;
    expect(Math.abs(bad / 10_000 - 0.2)).toBeLessThan(0.015);
  });
});
