import type { Scene } from '../scene/scene.ts';
import type { Action, Rng, Vec3 } from '../types.ts';

/** Chooses the next action for a scene (normalised frame). */
export type Actor = (scene: Scene, rng: Rng) => Action | Promise<Action>;

/** The task's scripted expert, taking the first of its k = 1 actions. */
export const expertActor: Actor = (scene, rng) => scene.task.expert(scene, rng, 1)[0];

/**
 * A random actor that still touches the object: p0 is a random particle (jittered 1 cm),
 * p1 lies up to 0.15 m away in a random direction, clamped to the workspace.
 */
export const randomActor: Actor = (scene, rng) => {
  const p = scene.particles();
  const i = rng.int(p.length / 3);
  const half = scene.task.workspace.half - 0.01;
  const clamp = (v: number) => Math.max(-half, Math.min(half, v));
  const p0: Vec3 = [clamp(p[3 * i] + rng.uniform(-0.01, 0.01)), clamp(p[3 * i + 1] + rng.uniform(-0.01, 0.01)), 0.02];
  const r = rng.uniform(0.02, 0.15),
    a = rng.uniform(0, 2 * Math.PI);
  const p1: Vec3 = [clamp(p0[0] + r * Math.cos(a)), clamp(p0[1] + r * Math.sin(a)), 0.02];
  return scene.toNormalised({ primitive: scene.task.primitive, p0, p1 });
};

export const ACTORS = { expert: expertActor, random: randomActor } as const;
export type ActorName = keyof typeof ACTORS;
