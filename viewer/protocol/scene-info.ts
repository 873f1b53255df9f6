/**
 * What the client needs to draw a task's scene, sent with each query so the client never imports
 * the simulator. World frame, z-up, metres; the table top is z = 0.
 */
import { z } from 'zod';

const num = z.number().refine(Number.isFinite, { message: 'expected a finite number' });
const slot = z.number().int().nonnegative();

/** A rectangle in some 2-D frame: centre (cx, cy) and half sizes (hx, hy), metres. */
export const RectSchema = z.tuple([num, num, num, num]);

export const GoalSchema = z.discriminatedUnion('shape', [
  z.strictObject({ shape: z.literal('circle'), cx: num, cy: num, r: num }),
  /** A T as rectangles in its own frame, placed at (x, y) turned by theta (rad). */
  z.strictObject({ shape: z.literal('t'), rects: z.array(RectSchema).min(1), x: num, y: num, theta: num }),
  /** The flat-cloth target: a square of side `size` centred at (cx, cy). */
  z.strictObject({ shape: z.literal('square'), cx: num, cy: num, size: num }),
  /** A flat garment's outline: [x, y] corners about (cx, cy). */
  z.strictObject({ shape: z.literal('outline'), cx: num, cy: num, points: z.array(z.tuple([num, num])).min(3) }),
]);

/** A cloth's surface: triangles over its particles and the lattice cell of each particle. */
export const ClothMeshSchema = z.strictObject({
  /** Particle indices, three per triangle. */
  triangles: z.array(z.number().int().nonnegative()).min(3),
  /** (column, row) of each particle's lattice cell, two per particle: the printed checker. */
  cells: z.array(z.number().int()),
});

export const SceneInfoSchema = z.strictObject({
  task: z.string().min(1),
  title: z.string(),
  /** What makes one outcome better than another in this task, for the annotator. */
  better: z.string(),
  /** How the particles are drawn: tube, shaded mesh, instanced balls, or footprint of a rigid block. */
  kind: z.enum(['rope', 'cloth', 'granules', 'rigid']),
  particles: z.number().int().nonnegative(),
  /** Particle radius, metres (rope tube radius, granule radius). */
  radius: num,
  /** A cloth's surface (square cloth or garment), else null. */
  mesh: ClothMeshSchema.nullable(),
  /** Rigid bodies in each frame: `objectBodies` of the object, then wiper, pusher, left and right gripper. */
  bodies: z.number().int().nonnegative(),
  objectBodies: z.number().int().nonnegative(),
  /** Which of the `bodies` rows each tool is (TaskSpec.bodies). */
  slots: z.strictObject({ wiper: slot, pusher: slot, gripperL: slot, gripperR: slot }),
  /** The block's rectangles in its body frame, and its height (push-T), else null. */
  block: z.strictObject({ rects: z.array(RectSchema).min(1), height: num }).nullable(),
  tools: z.strictObject({
    wiper: z.tuple([num, num, num]), // half extents x (thickness), y (width), z
    pusher: z.tuple([num, num]), // radius, half height
  }),
  goal: GoalSchema.nullable(),
  keepOut: z.strictObject({ xMin: num, xMax: num, yMin: num, yMax: num }).nullable(),
  workspace: z.strictObject({ half: num, zMax: num }),
  fps: num,
});

export type SceneInfo = z.infer<typeof SceneInfoSchema>;
export type Goal = z.infer<typeof GoalSchema>;
