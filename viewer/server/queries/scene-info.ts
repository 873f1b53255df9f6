/**
 * The drawing description of a scene (protocol SceneInfo), built where the simulator lives from
 * what the task says of itself (its goal, keep-out box, body slots and "better" line).
 */
import { tRectangles, T_BLOCK_HEIGHT } from '../../../sim/objects/t-block.ts';
import { PUSHER, WIPER } from '../../../sim/tools/tools.ts';
import { SoftObject } from '../../../sim/objects/index.ts';
import type { Scene } from '../../../sim/index.ts';
import type { SceneInfo } from '../../protocol/index.ts';

export function sceneInfo(scene: Scene): SceneInfo {
  const { task } = scene;
  const particles = scene.particles().length / 3;
  const slots = task.bodies;
  const kind = scene.object.kind;
  const lattice = scene.object instanceof SoftObject ? scene.object.lattice : null;
  const mesh = lattice ? { triangles: Array.from(lattice.triangles), cells: Array.from(lattice.cells) } : null;
  return {
    task: task.id,
    title: task.title,
    better: task.better,
    kind,
    particles,
    radius: scene.object.radius,
    mesh,
    bodies: slots.count,
    objectBodies: slots.objectBodies,
    slots: { wiper: slots.wiper, pusher: slots.pusher, gripperL: slots.gripperL, gripperR: slots.gripperR },
    block: kind === 'rigid' ? { rects: tRectangles(), height: T_BLOCK_HEIGHT } : null,
    tools: {
      wiper: [WIPER.halfThickness, WIPER.halfWidth, WIPER.halfHeight],
      pusher: [PUSHER.radius, PUSHER.halfHeight],
    },
    goal: task.goal(scene.info, scene.particles()),
    keepOut: task.keepOut ? { ...task.keepOut } : null,
    workspace: task.workspace,
    fps: 30,
  };
}
