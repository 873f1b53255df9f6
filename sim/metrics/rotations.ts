/**
 * The rotation set that shape metrics search over (METHODS.md §8; DeformPAM's released metric
 * code): base angles {0, 90, 180, 270}° × deltas {−20, −10, 0, 10, 20}°, 20 angles in all.
 */

const DEG = Math.PI / 180;

/** Base angles in degrees. */
export const ROTATION_BASES_DEG = [0, 90, 180, 270] as const;
/** Deltas around each base, in degrees. */
export const ROTATION_DELTAS_DEG = [-20, -10, 0, 10, 20] as const;

/** The 20 target rotations in radians, base-major order. */
export const DEFAULT_ROTATIONS: readonly number[] = Object.freeze(
  ROTATION_BASES_DEG.flatMap((b) => ROTATION_DELTAS_DEG.map((d) => (b + d) * DEG)),
);
