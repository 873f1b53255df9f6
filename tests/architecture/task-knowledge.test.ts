/**
 * Task knowledge lives in sim/tasks/: no folder outside sim/ (and tests/) branches on a task id.
 * A branch is a comparison with an id (`=== 'push-T'`), a `case 'push-T':` or a set of ids.
 * Defaults (`--task push-T`) and tables keyed by id are not branches.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { TASK_IDS } from '../../sim/index.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUTSIDE = ['core', 'nn', 'policy', 'reward', 'pipeline', 'viewer', 'cli', 'quality', 'bench'];

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

function branches(text: string, ids: readonly string[]): string[] {
  const id = ids.map((s) => s.replace(/[-]/g, '\\-')).join('|');
  const q = `['"\`](?:${id})['"\`]`;
  const patterns = [
    new RegExp(`[!=]==?\\s*${q}`),
    new RegExp(`${q}\\s*[!=]==?`),
    new RegExp(`case\\s+${q}`),
    new RegExp(`new Set\\(\\[[^\\]]*${q}`),
  ];
  return text
    .split('\n')
    .filter((line) => patterns.some((p) => p.test(line)))
    .map((l) => l.trim());
}

describe('task knowledge', () => {
  test('the check sees a branch on a task id', () => {
    expect(branches("if (scene.task.id === 'rope-circle') goal = 1;", TASK_IDS)).toHaveLength(1);
    expect(branches("const S = new Set(['rope-circle', 'cloth-flatten']);", TASK_IDS)).toHaveLength(1);
    expect(branches("task: z.string().default('push-T'),", TASK_IDS)).toEqual([]);
  });

  test('no folder outside sim/ branches on a task id', () => {
    const found: string[] = [];
    for (const dir of OUTSIDE) {
      for (const file of files(join(ROOT, dir))) {
        const text = readFileSync(file, 'utf8');
        for (const line of branches(text, TASK_IDS)) found.push(`${relative(ROOT, file)}: ${line}`);
      }
    }
    expect(found).toEqual([]);
  });
});
