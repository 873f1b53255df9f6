import { describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { DEFAULT_KEEP_OUT, insideZone, makeTeacher, teacherByName } from '../../../reward/teachers/index.ts';
import { KEEP_OUT } from '../../../sim/tasks/push-t.ts';
import { Q, line, outcome } from './fixtures.ts';

describe('keep-out zone', () => {
  // The default zone is push-T's: x ∈ [0.12, 0.30], y ∈ [−0.30, −0.12] m.
  const through = outcome([1.0], { toolPath: line([0, -0.2, 0], [0.4, -0.2, 0]) }); // crosses the zone
  const around = outcome([0.9], { toolPath: line([0, -0.05, 0], [0.4, -0.05, 0]) }); // passes beside it

  test("the default zone is push-T's KEEP_OUT with weight 1", () => {
    expect(DEFAULT_KEEP_OUT).toEqual({ ...KEEP_OUT, weight: 1 });
  });

  test('prefers the path that avoids the zone despite a slightly lower return', () => {
    expect(teacherByName('oracle').label(Q, [through, around], makeRng(0))).toEqual({ kind: 'pair', winner: 'A' });
    expect(teacherByName('keep-out').label(Q, [through, around], makeRng(0))).toEqual({ kind: 'pair', winner: 'B' });
    expect(teacherByName('keep-out').label(Q, [around, through], makeRng(0))).toEqual({ kind: 'pair', winner: 'A' });
  });

  test('a much better return can still outweigh the penalty (weight is a knob)', () => {
    const great = outcome([2.5], { toolPath: line([0, -0.2, 0], [0.4, -0.2, 0]) });
    expect(teacherByName('keep-out').label(Q, [great, around], makeRng(0))).toEqual({ kind: 'pair', winner: 'A' });
    expect(teacherByName('keep-out:keepOut.weight=5').label(Q, [great, around], makeRng(0))).toEqual({
      kind: 'pair',
      winner: 'B',
    });
  });

  test.each([
    [[0.2, -0.2, 0], true],
    [[0.12, -0.12, 0], true], // corner counts
    [[0.301, -0.2, 0], false],
    [[0.2, -0.301, 0], false],
    [[0.119, -0.2, 0], false],
    [[0.2, -0.2, 0.3], true], // no height limit by default
  ] as const)('insideZone(%j) = %s', (p, inside) => {
    expect(insideZone([...p], DEFAULT_KEEP_OUT)).toBe(inside);
    expect(insideZone([...p], { ...DEFAULT_KEEP_OUT, zMax: 0.1 })).toBe(inside && p[2] <= 0.1);
  });

  test('a tool path is required', () => {
    expect(() => teacherByName('keep-out').label(Q, [outcome([1]), outcome([1])], makeRng(0))).toThrow(
      'keep-out teacher: outcome 0: field toolPath: expected an array of [x, y, z] points (metres), found undefined',
    );
    expect(() => makeTeacher({ keepOut: { xMin: 1, xMax: 0, yMin: 0, yMax: 1 } })).toThrow(
      'field keepOut.xMax: expected xMin < xMax and yMin < yMax',
    );
  });
});

describe('shorter moves and gentle flings', () => {
  const move = (len: number, r: number) =>
    outcome([r], { action: { primitive: 'pick_place', p0: [0, 0, 0], p1: [0, len, 0] } });

  test('shorter-moves prefers the shorter move at a slightly lower return', () => {
    const long = move(0.4, 1.0); // 1.0 − 0.4
    const short = move(0.1, 0.8); // 0.8 − 0.1
    expect(teacherByName('oracle').label(Q, [long, short], makeRng(0))).toEqual({ kind: 'pair', winner: 'A' });
    expect(teacherByName('shorter-moves').label(Q, [long, short], makeRng(0))).toEqual({ kind: 'pair', winner: 'B' });
  });

  test('gentle-flings prefers the lower peak speed at a slightly lower return', () => {
    const fling = (v: number, r: number) =>
      outcome([r], { action: { primitive: 'fling', p0: [0, 0, 0], p1: [0.2, 0, 0] }, peakToolSpeed: v });
    const hard = fling(3, 1.0); // 1.0 − 0.3
    const soft = fling(1, 0.85); // 0.85 − 0.1
    expect(teacherByName('oracle').label(Q, [hard, soft], makeRng(0))).toEqual({ kind: 'pair', winner: 'A' });
    expect(teacherByName('gentle-flings').label(Q, [hard, soft], makeRng(0))).toEqual({ kind: 'pair', winner: 'B' });
    expect(() => teacherByName('gentle-flings').label(Q, [outcome([1]), soft], makeRng(0))).toThrow(
      'gentle-fling teacher: outcome 0: field peakToolSpeed: expected a speed in m/s, found undefined',
    );
  });
});

describe("avoid-region: a table-fixed zone of the teacher's own", () => {
  // AVOID_REGION: x ∈ [−0.20, 0], y ∈ [0.10, 0.30] m; push-T's scene zone is elsewhere.
  const through = outcome([1.0], { toolPath: line([-0.3, 0.2, 0], [0.1, 0.2, 0]) });
  const around = outcome([0.9], { toolPath: line([-0.3, 0.0, 0], [0.1, 0.0, 0]) });
  const pushT = { task: 'push-T', keepOut: { ...KEEP_OUT } };

  test("keeps its own region even when the query carries the scene's zone, and scores it without noise", () => {
    const t = teacherByName('avoid-region');
    expect(t.label(pushT, [through, around], makeRng(0))).toEqual({ kind: 'pair', winner: 'B' });
    expect(t.score!(pushT, [through, around])).toEqual([0, 0.9]);
    // The plain keep-out teacher swaps in the scene's zone, which neither path enters.
    expect(teacherByName('keep-out').label(pushT, [through, around], makeRng(0))).toEqual({
      kind: 'pair',
      winner: 'A',
    });
  });
});
