/** No module of ours imports itself through others (type-only imports count: a reader follows them too). */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { importCircles, importGraph } from './import-graph.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('import graph', () => {
  const graph = importGraph(ROOT);

  test('the walker sees the source folders and their imports', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(graph.get('sim/scene/scene.ts')).toContain('sim/tasks/task-spec.ts');
    expect(graph.get('reward/store/preference-store.ts')).toContain('reward/store/jsonl-export.ts');
  });

  test('the walker finds a circle when there is one', () => {
    const g = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importCircles(g)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  test('no import circles', () => {
    expect(importCircles(graph).map((c) => c.join(' → '))).toEqual([]);
  });
});
