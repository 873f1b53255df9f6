/** The drawing description the server sends: a cloth or garment as triangles over its lattice. */
import { describe, expect, test } from 'vitest';
import { SceneInfoSchema } from '../../../../viewer/protocol/index.ts';
import { sceneInfo } from '../../../../viewer/server/queries/scene-info.ts';
import { useScenes } from '../../../sim/scene-fixture.ts';

const create = useScenes();

describe('sceneInfo', () => {
  test.each([
    ['cloth-flatten', 576, 2 * 23 * 23],
    ['tshirt-unfold', 458, 808],
  ])('%s: a valid SceneInfo whose mesh covers every particle', (id, particles, triangles) => {
    const info = SceneInfoSchema.parse(sceneInfo(create(id, 0)));
    expect(info.kind).toBe('cloth');
    expect(info.particles).toBe(particles);
    expect(info.mesh?.triangles).toHaveLength(3 * triangles);
    expect(info.mesh?.cells).toHaveLength(2 * particles);
    expect(new Set(info.mesh?.triangles).size).toBe(particles);
    expect(Math.max(...(info.mesh?.triangles ?? []))).toBe(particles - 1);
  });

  test('the T-shirt is drawn against its flat outline; a rope has no mesh', () => {
    expect(sceneInfo(create('tshirt-unfold', 1)).goal).toMatchObject({ shape: 'outline', cx: 0, cy: 0 });
    expect(sceneInfo(create('rope-circle', 1)).mesh).toBeNull();
  });
});
