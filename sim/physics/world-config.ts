import { z } from 'zod';

/** Physics settings of one world. SI units. */
export const WorldConfigSchema = z
  .object({
    timestep: z
      .number()
      .positive()
      .max(0.05)
      .default(1 / 120)
      .describe('fixed step, seconds (default 1/120)'),
    solverIterations: z.number().int().min(1).max(64).default(4).describe('Rapier solver iterations per step'),
    lengthUnit: z
      .number()
      .positive()
      .default(0.1)
      .describe(
        'typical object size, metres; Rapier scales its tolerances by it (default 1 makes small bodies ~10x slower)',
      ),
    gravity: z.number().default(-9.81).describe('gravity along z, m/s²'),
    tableFriction: z.number().min(0).default(0.8),
    softBodyExtraSubsteps: z
      .number()
      .int()
      .min(0)
      .max(8)
      .default(4)
      .describe("extra substeps a soft body's island takes while something hits it fast (Rapier's default 4)"),
    softBodyTangleDetection: z
      .boolean()
      .default(true)
      .describe(
        'detect inverted cells and surface self-crossings each step (Rapier default on); they only stand down ' +
          'self contacts, so a body without self contacts moves the same without them',
      ),
  })
  .strict();

export type WorldConfig = z.infer<typeof WorldConfigSchema>;
