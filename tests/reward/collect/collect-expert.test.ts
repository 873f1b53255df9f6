import { beforeAll, describe, expect, test } from 'vitest';
import { makeRng } from '../../../core/rng.ts';
import { collectQuery, expertIfFirst, standInPolicy } from '../../../reward/collect/index.ts';
import { selectorByName } from '../../../reward/selection/index.ts';
import { openStore } from '../../../reward/store/index.ts';
import { makeTeacher } from '../../../reward/teachers/index.ts';
import { getTask, initPhysics, Scene } from '../../../sim/index.ts';

beforeAll(() => initPhysics());

describe('the scripted expert as an extra outcome of a ranking query', () => {
  test('expertIfFirst: the expert index only when the ranking picked it first', () => {
    expect(expertIfFirst({ kind: 'ranking', order: [3, 0], rest: [1, 2] }, 3)).toBe(3);
    expect(expertIfFirst({ kind: 'ranking', order: [0, 3], rest: [1, 2] }, 3)).toBeNull();
    expect(expertIfFirst({ kind: 'ranking', order: [], rest: [0, 1, 2, 3] }, 3)).toBeNull();
    expect(expertIfFirst({ kind: 'pair', winner: 'A' }, 1)).toBeNull();
  });

  test(
    'the query records the expert exactly when it beats every candidate, ' + 'and "expert ≻ candidate" pairs appear',
    async () => {
      const store = openStore(':memory:');
      const teacher = makeTeacher({ kind: 'ranking' }); // noise-free: the best return is picked first
      let recorded = 0;
      try {
        for (const seed of [0, 1, 2]) {
          const scene = Scene.create(getTask('push-T'), seed);
          try {
            const policy = standInPolicy(() => scene, { expertFraction: 0 }); // random candidates
            const r = await collectQuery(
              scene,
              { store, teacher, selector: selectorByName('uniform'), policy },
              { candidates: 3, expert: true },
              makeRng(seed),
            );
            expect(r.candidates).toHaveLength(4);
            const returns = r.runs.map((x) => x.return);
            const better = returns[3] > Math.max(...returns.slice(0, 3));
            const q = store.getQuery(r.queryId);
            expect(q.expert).toBe(better ? 3 : null);
            if (!better) continue;
            recorded++;
            const pairs = store.trainingPairs('push-T').filter((p) => p.queryId === r.queryId);
            for (let c = 0; c < 3; c++) expect(pairs.some((p) => p.i === 3 && p.j === c && p.y === 1)).toBe(true);
          } finally {
            scene.free();
          }
        }
        expect(recorded).toBeGreaterThan(0);
        // Without the option the query has K candidates and no expert.
        const scene = Scene.create(getTask('push-T'), 0);
        try {
          const plain = await collectQuery(
            scene,
            { store, teacher, selector: selectorByName('uniform'), policy: standInPolicy(() => scene) },
            { candidates: 3 },
            makeRng(9),
          );
          expect(plain.candidates).toHaveLength(3);
          expect(store.getQuery(plain.queryId).expert).toBeNull();
        } finally {
          scene.free();
        }
      } finally {
        store.close();
      }
    },
  );
});
