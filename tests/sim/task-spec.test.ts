/** What every task says of itself beyond its physics: body slots, goal, keep-out box, rotation, "better". */
import { beforeAll, describe, expect, test } from 'vitest';
import { bodySlots, getTask, initPhysics, Scene, TASK_IDS, toolSlots } from '../../sim/index.ts';
import { KEEP_OUT, PUSH_T_GOAL } from '../../sim/tasks/push-t.ts';
import { CIRCLE_RADIUS } from '../../sim/tasks/rope-circle.ts';

beforeAll(async () => {
  await initPhysics();
});

describe('task knowledge on TaskSpec', () => {
  test('body slots: the object bodies, then wiper, pusher, left and right gripper', () => {
    expect(bodySlots(1)).toEqual({ objectBodies: 1, wiper: 1, pusher: 2, gripperL: 3, gripperR: 4, count: 5 });
    expect(toolSlots('sweep', bodySlots(0))).toEqual([0]);
    expect(toolSlots('push', bodySlots(1))).toEqual([2]);
    expect(toolSlots('pick_place', bodySlots(0))).toEqual([2]);
    expect(toolSlots('fling', bodySlots(0))).toEqual([2, 3]);
    expect(() => bodySlots(-1)).toThrow('body slots: objectBodies must be an integer ≥ 0, got -1');
  });

  test.each(['push-T', 'rope-circle'])('%s: the scene writes as many poses as its slots say', (id) => {
    const task = getTask(id);
    const scene = Scene.create(task, 0);
    try {
      expect(scene.poses().length / 7).toBe(task.bodies.count);
      expect(task.bodies.objectBodies).toBe(id === 'push-T' ? 1 : 0);
    } finally {
      scene.free();
    }
  });

  test('goals, keep-out boxes and rotation invariance of the built-in tasks', () => {
    expect(TASK_IDS.filter((id) => getTask(id).rotationInvariant).sort()).toEqual([
      'cloth-flatten',
      'rope-circle',
      'tshirt-unfold',
    ]);
    expect(TASK_IDS.filter((id) => getTask(id).keepOut !== null)).toEqual(['push-T']);
    expect(getTask('push-T').keepOut).toEqual({ ...KEEP_OUT });
    const info = { cx: 0.01, cy: -0.02, flatArea: 0.09, goalX: PUSH_T_GOAL.x, goalY: PUSH_T_GOAL.y, goalTheta: 0 };
    // A ring of particles about (0.1, −0.05): the rope's goal and granular-T's follow the object
    // (their metrics ignore translation), the others stay where the task put them.
    const ring = new Float32Array(3 * 64);
    for (let i = 0; i < 64; i++)
      ring.set(
        [0.1 + 0.05 * Math.cos((2 * Math.PI * i) / 64), -0.05 + 0.05 * Math.sin((2 * Math.PI * i) / 64), 0.01],
        3 * i,
      );
    const rope = getTask('rope-circle').goal(info, ring) as { shape: string; cx: number; cy: number; r: number };
    expect(rope).toMatchObject({ shape: 'circle', r: CIRCLE_RADIUS });
    // The rope is an open polyline (no segment from the last particle back to the first).
    expect(rope.cx).toBeCloseTo(0.1, 2);
    expect(rope.cy).toBeCloseTo(-0.05, 2);
    expect(getTask('cloth-flatten').goal(info, ring)).toEqual({ shape: 'square', cx: 0, cy: 0, size: 0.3 });
    expect(getTask('push-T').goal(info, ring)).toMatchObject({ shape: 't', x: 0, y: 0.05, theta: 0 });
    const shirt = getTask('tshirt-unfold').goal(info, ring) as { shape: string; points: [number, number][] };
    expect(shirt).toMatchObject({ shape: 'outline', cx: 0, cy: 0 });
    expect(shirt.points).toHaveLength(14); // a short-sleeved shirt: hem, sides, sleeves, shoulders, neckline
    const t = getTask('granular-T').goal(info, ring) as { shape: string; x: number; y: number; theta: number };
    expect(t).toMatchObject({ shape: 't', theta: 0 });
    expect(t.x).toBeCloseTo(0.1, 3);
    expect(t.y).toBeCloseTo(-0.05, 3);
    for (const id of TASK_IDS) expect(getTask(id).better).toMatch(/^Better: /);
  });
});
