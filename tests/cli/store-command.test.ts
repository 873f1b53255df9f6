import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../reward/store/index.ts';
import { populate, tempDir } from '../reward/store/fixtures.ts';
import { lastJson, runCli } from './run-cli.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
  const s = openStore(join(tmp.dir, 'src.db'));
  populate(s);
  s.close();
});
afterEach(() => tmp.cleanup());

describe('prefsim store export|import', () => {
  it('round-trips a store, and refuses a file cut at a line boundary naming the line', () => {
    const file = join(tmp.dir, 'dump.jsonl');
    const ex = runCli([
      'store',
      'export',
      '--db',
      join(tmp.dir, 'src.db'),
      '--format',
      'jsonl',
      '--out',
      file,
      '--json',
    ]);
    expect(ex.code, ex.stderr).toBe(0);
    expect(lastJson(ex.stdout).counts).toEqual({ model: 2, state: 2, query: 4, outcome: 2, label: 7, run: 1 });

    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const cut = join(tmp.dir, 'cut.jsonl');
    writeFileSync(cut, lines.slice(0, 9).join('\n') + '\n');
    const bad = runCli(['store', 'import', '--db', join(tmp.dir, 'dst.db'), '--in', cut]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${cut}: import line 9`);
    expect(bad.stderr).toContain('expected the trailer');

    const good = runCli(['store', 'import', '--db', join(tmp.dir, 'dst.db'), '--in', file]);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/^imported 18 rows from .* into .*dst\.db$/m);
    const dst = openStore(join(tmp.dir, 'dst.db'));
    try {
      expect(dst.counts()).toMatchObject({ labels: 7, states: 2 }); // nothing from the refused file
    } finally {
      dst.close();
    }
  });

  it.each([
    ['csv', { labels: 7 }, /^exported 7 labels from .*src\.db to .*out\.csv \(CSV\)$/m],
    ['hf', { preferences: 7, labels: 7 }, /^exported 7 preferences from 7 current labels of .*src\.db to .*out\.hf$/m],
  ] as const)(
    'exports --format %s: one JSON object on the last line with --json, a sentence without',
    (format, counts, sentence) => {
      const file = join(tmp.dir, `out.${format}`);
      const args = ['store', 'export', '--db', join(tmp.dir, 'src.db'), '--format', format, '--out', file];
      const j = runCli([...args, '--json']);
      expect(j.code, j.stderr).toBe(0);
      expect(j.stdout.trim().split('\n')).toHaveLength(1);
      expect(lastJson(j.stdout)).toMatchObject({ file, format, ...counts });
      const h = runCli(args);
      expect(h.code, h.stderr).toBe(0);
      expect(h.stdout).toMatch(sentence);
      expect(() => JSON.parse(h.stdout.trim().split('\n').at(-1)!)).toThrow();
      expect(readFileSync(file, 'utf8').length).toBeGreaterThan(0);
    },
  );

  it('refuses an unknown --format or --ids the way every command refuses a choice, listing the accepted ones', () => {
    const r = runCli([
      'store',
      'export',
      '--db',
      join(tmp.dir, 'src.db'),
      '--format',
      'parquet',
      '--out',
      join(tmp.dir, 'x'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format: unknown value "parquet"; accepted: jsonl, csv, hf');
    const i = runCli(['store', 'import', '--db', join(tmp.dir, 'd.db'), '--in', join(tmp.dir, 'x'), '--ids', 'merge']);
    expect(i.code).toBe(2);
    expect(i.stderr).toContain('--ids: unknown value "merge"; accepted: keep, renumber');
  });
});
