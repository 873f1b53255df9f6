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
  })
  .strict();

export type WorldConfig = z.infer<typeof WorldConfigSchema>;
