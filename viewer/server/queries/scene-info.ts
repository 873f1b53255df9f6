/** The drawing description of a scene (protocol SceneInfo), built where the simulator lives. */
import { tRectangles, T_BLOCK_HEIGHT } from '../../../sim/objects/t-block.ts';
import { GOAL_T } from '../../../sim/tasks/granular-t.ts';
import { CIRCLE_RADIUS } from '../../../sim/tasks/rope-circle.ts';
import { PUSHER, WIPER } from '../../../sim/tools/tools.ts';
import type { Scene } from '../../../sim/index.ts';
import type { Goal, SceneInfo } from '../../protocol/index.ts';

type Rect = [number, number, number, number];

export function sceneInfo(scene: Scene): SceneInfo {
  const info = scene.info;
  const particles = scene.particles().length / 3;
  const bodies = scene.poses().length / 7;
  const objectBodies = bodies - 4; // wiper, pusher, two grippers
  const kind = scene.object.kind;
  let goal: Goal | null = null;
  if (scene.task.id === 'rope-circle') goal = { shape: 'circle', cx: info.cx, cy: info.cy, r: CIRCLE_RADIUS };
  else if (scene.task.id === 'granular-T') goal = { shape: 't', rects: tRectangles(GOAL_T) as Rect[], x: 0, y: 0, theta: 0 };
  else if (scene.task.id === 'push-T') goal = { shape: 't', rects: tRectangles() as Rect[], x: info.goalX, y: info.goalY, theta: info.goalTheta };
  else if (scene.task.id === 'cloth-flatten') goal = { shape: 'square', cx: 0, cy: 0, size: Math.sqrt(info.flatArea) };
  const keepOut = 'keepOutXMin' in info
    ? { xMin: info.keepOutXMin, xMax: info.keepOutXMax, yMin: info.keepOutYMin, yMax: info.keepOutYMax }
    : null;
  const grid = kind === 'cloth' ? [Math.round(Math.sqrt(particles)), Math.round(Math.sqrt(particles))] as [number, number] : null;
  return {
    task: scene.task.id,
    title: scene.task.title,
    kind,
    particles,
    radius: scene.object.radius,
    grid,
    bodies,
    objectBodies,
    block: kind === 'rigid' ? { rects: tRectangles() as Rect[], height: T_BLOCK_HEIGHT } : null,
    tools: { wiper: [WIPER.halfThickness, WIPER.halfWidth, WIPER.halfHeight], pusher: [PUSHER.radius, PUSHER.halfHeight] },
    goal,
    keepOut,
    workspace: scene.task.workspace,
    fps: 30,
  };
}
