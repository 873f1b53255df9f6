/**
 * A stand-in candidate policy for collection and tests until a trained diffusion policy is
 * available: a mix of the task expert's actions (jittered) and random actions that touch the
 * object. It needs the live scene (the expert reads the state), so it is bound to one.
 */
import { z } from 'zod';
import type { Rng } from '../../core/rng.ts';
import { randomActor, type Scene } from '../../sim/index.ts';
import type { Action, Observation, Vec3 } from '../../sim/types.ts';
import { DEFAULT_OBS_POINTS, type Policy } from '../../policy/policy.ts';

export const StandInConfigSchema = z.strictObject({
  expertFraction: z.number().min(0).max(1).default(0.5).describe('fraction of candidates from the expert'),
  pickJitter: z
    .number()
    .min(0)
    .default(0.003)
    .describe(
      "std of the Gaussian jitter on the expert's p0 (pick / contact), metres; small so a pick still hits the object",
    ),
  placeJitter: z.number().min(0).default(0.02).describe("std of the Gaussian jitter on the expert's p1, metres"),
});
export type StandInConfigInput = z.input<typeof StandInConfigSchema>;

/** Clamps a world-frame point into the task workspace (1 cm margin). */
function clampPoint(p: Vec3, half: number, zMax: number): Vec3 {
  const h = half - 0.01;
  return [Math.max(-h, Math.min(h, p[0])), Math.max(-h, Math.min(h, p[1])), Math.max(0, Math.min(zMax, p[2]))];
}

/** `sample(obs, n, rng)`: round(n · expertFraction) jittered expert actions, the rest random, shuffled. */
export function standInPolicy(scene: () => Scene, cfg: StandInConfigInput = {}): Policy {
  const c = StandInConfigSchema.parse(cfg);
  return {
    get primitive() {
      return scene().task.primitive;
    },
    obsPoints: DEFAULT_OBS_POINTS,
    async free() {},
    async sample(_obs: Observation, n: number, rng: Rng): Promise<Action[]> {
      const s = scene();
      const { half, zMax } = s.task.workspace;
      const ne = Math.round(n * c.expertFraction);
      const out: Action[] = [];
      if (ne > 0) {
        for (const a of s.task.expert(s, rng, ne)) {
          const w = s.toWorld(a);
          const j = (p: Vec3, sd: number): Vec3 =>
            clampPoint([p[0] + sd * rng.normal(), p[1] + sd * rng.normal(), p[2]], half, zMax);
          out.push(s.toNormalised({ primitive: w.primitive, p0: j(w.p0, c.pickJitter), p1: j(w.p1, c.placeJitter) }));
        }
      }
      while (out.length < n) out.push(await randomActor(s, rng));
      for (let i = out.length - 1; i > 0; i--) {
        const k = rng.int(i + 1);
        [out[i], out[k]] = [out[k], out[i]];
      }
      return out;
    },
  };
}
