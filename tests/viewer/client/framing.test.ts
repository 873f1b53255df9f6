/** What the cameras frame: the keep-out zone is always inside the framed box. */
import { describe, expect, test } from 'vitest';
import { addKeepOut, addObject, clipToTable, emptyBox, isEmpty } from '../../../viewer/client/framing.ts';
import type { SceneInfo } from '../../../viewer/protocol/index.ts';

const info = {
  task: 't',
  title: '',
  better: '',
  kind: 'granules',
  particles: 1,
  radius: 0.01,
  mesh: null,
  bodies: 4,
  objectBodies: 0,
  slots: { wiper: 0, pusher: 1, gripperL: 2, gripperR: 3 },
  block: null,
  tools: { wiper: [0.01, 0.05, 0.02], pusher: [0.01, 0.02] },
  goal: null,
  keepOut: { xMin: 0.2, xMax: 0.3, yMin: -0.35, yMax: -0.25 },
  workspace: { half: 0.45, zMax: 0.5 },
  fps: 30,
} satisfies SceneInfo;

describe('framing', () => {
  test('the keep-out zone far from the object still ends up in the box', () => {
    const box = emptyBox();
    addObject(box, info, { t: 0, particles: new Float32Array([-0.1, 0.1, 0]), bodies: new Float32Array(28) });
    addKeepOut(box, info);
    clipToTable(box, info.workspace.half);
    expect(box.maxX).toBeGreaterThanOrEqual(0.3);
    expect(box.minY).toBeLessThanOrEqual(-0.35);
    expect(box.minX).toBeLessThanOrEqual(-0.11);
  });

  test('a task without a keep-out zone adds nothing', () => {
    const box = emptyBox();
    addKeepOut(box, { ...info, keepOut: null });
    expect(isEmpty(box)).toBe(true);
  });
});
