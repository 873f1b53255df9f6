import { afterEach, beforeAll } from 'vitest';
import { getTask, initPhysics, Scene } from '../../sim/index.ts';

/**
 * Scenes for a test file: initialises physics once and frees every scene made with the returned
 * `create` after each test.
 */
export function useScenes(): (task: string, seed: number) => Scene {
  let scenes: Scene[] = [];
  beforeAll(() => initPhysics());
  afterEach(() => {
    scenes.forEach((s) => s.free());
    scenes = [];
  });
  return (task, seed) => {
    const s = Scene.create(getTask(task), seed);
    scenes.push(s);
    return s;
  };
}
