import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { isModuleSpec, loadTeacherModule, resolveTeacher } from '../../../reward/teachers/index.ts';
import { Q, outcome } from './fixtures.ts';

let dir: string;
const mod = (name: string, source: string): string => {
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'prefsim-teacher-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('teacher modules', () => {
  test('a module whose default export labels by final reward', async () => {
    const file = mod(
      'last-step.mjs',
      `
      // Prefers the candidate whose last step was better.
      export default function (query, outcomes) {
        const last = (o) => o.rewards[o.rewards.length - 1];
        const d = last(outcomes[0]) - last(outcomes[1]);
        return { kind: 'pair', winner: d > 0 ? 'A' : d < 0 ? 'B' : 'equal' };
      }
    `,
    );
    const t = await resolveTeacher(file);
    expect(t.name).toBe(`module:${file}`);
    expect(t.label(Q, [outcome([5, 0]), outcome([0, 1])], makeRng(0))).toEqual({ kind: 'pair', winner: 'B' });
    expect(t.label(Q, [outcome([0, 2]), outcome([0, 1])], makeRng(0))).toEqual({ kind: 'pair', winner: 'A' });
  });

  test('the module receives the rng as a third argument', async () => {
    const file = mod(
      'coin.mjs',
      `export default (q, o, rng) => ({ kind: 'pair', winner: rng.next() < 0.5 ? 'A' : 'B' });`,
    );
    const t = await loadTeacherModule(file);
    const draw = (seed: number) =>
      Array.from({ length: 20 }, () => t.label(Q, [outcome([0]), outcome([0])], makeRng(seed)));
    expect(draw(3)).toEqual(draw(3));
  });

  test('an invalid returned label is a clear error', async () => {
    const file = mod('bad-label.mjs', `export default () => ({ kind: 'pair', winner: 'C' });`);
    const t = await loadTeacherModule(file);
    expect(() => t.label(Q, [outcome([0]), outcome([1])], makeRng(0))).toThrow(
      `teacher module ${file}: returned an invalid Label: field winner: Invalid option: expected one of ` +
        `"A"|"B"|"equal"|"skip" (found "C")`,
    );
  });

  test('a label that does not fit the outcomes is refused', async () => {
    const file = mod('wrong-kind.mjs', `export default () => ({ kind: 'triplet', best: 0, middle: 1, worst: 2 });`);
    const t = await loadTeacherModule(file);
    expect(() => t.label(Q, [outcome([0]), outcome([1])], makeRng(0))).toThrow(
      'returned a Label that does not fit 2 outcomes: a triplet label needs a query with 3 candidates, found 2',
    );
  });

  test.each([
    [
      'no-default.mjs',
      'export const teacher = () => null;',
      'field default: expected a function (query, outcomes) => Label, found no default export',
    ],
    ['not-fn.mjs', 'export default 42;', 'field default: expected a function (query, outcomes) => Label, found number'],
    ['syntax.mjs', 'export default (', 'could not be imported'],
  ])('%s → clear error', async (name, source, msg) => {
    const file = mod(name, source);
    await expect(loadTeacherModule(file)).rejects.toThrow(`teacher module ${file}: ${msg}`);
  });

  test('an async teacher is refused', async () => {
    const t = await loadTeacherModule(mod('async.mjs', `export default async () => ({ kind: 'pair', winner: 'A' });`));
    expect(() => t.label(Q, [outcome([0]), outcome([1])], makeRng(0))).toThrow(
      'returned a Promise; expected a Label returned synchronously',
    );
  });

  test.each([
    ['oracle', false],
    ['mistake:flip=0.2', false],
    ['./t.mjs', true],
    ['teachers/x.js', true],
    ['x.mjs', true],
  ])('isModuleSpec(%s) = %s', (spec, want) => {
    expect(isModuleSpec(spec)).toBe(want);
  });

  test('resolveTeacher also gives presets', async () => {
    expect((await resolveTeacher('myopic')).name).toBe('myopic');
  });
});
