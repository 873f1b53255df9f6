import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, writeJsonlFile } from '../../reward/store/index.ts';
import { populate, tempDir } from '../reward/store/fixtures.ts';

const hasPython = spawnSync('python3', ['--version']).status === 0;

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

describe.skipIf(!hasPython)('examples/load_prefsim.py (standard-library Python)', () => {
  it('prints the same per-annotator label counts for the store and its export', () => {
    const db = join(tmp.dir, 's.db');
    const file = join(tmp.dir, 's.jsonl');
    const s = openStore(db);
    populate(s);
    const expected = Object.fromEntries(
      (
        s.db.prepare('SELECT annotator, COUNT(*) AS n FROM labels GROUP BY annotator ORDER BY annotator').all() as {
          annotator: string;
          n: number;
        }[]
      ).map((r) => [r.annotator, r.n]),
    );
    writeJsonlFile(s, file);
    s.close();
    const r = spawnSync('python3', ['examples/load_prefsim.py', db, file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const [storePart, exportPart] = r.stdout.split(/^export /m);
    const parse = (text: string) =>
      Object.fromEntries([...text.matchAll(/^ {2}(\S+)\t(\d+)$/gm)].map((m) => [m[1], Number(m[2])]));
    expect(Object.keys(expected).length).toBeGreaterThan(1);
    expect(parse(storePart)).toEqual(expected);
    expect(parse(exportPart)).toEqual(expected);
  });
});
