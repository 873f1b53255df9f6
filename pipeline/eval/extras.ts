import type { EpisodeStep, KeepOutBox } from '../../sim/index.ts';

/**
 * Per-episode numbers beyond the task metric. A task with a keep-out box (`TaskSpec.keepOut`,
 * push-T): `keepOutViolations`, the number of steps whose tool path (the straight push from p0 to
 * p1, world frame) crosses the box — what the keep-out teacher penalises and no task metric sees.
 */
export function episodeExtras(keepOut: KeepOutBox | null, steps: EpisodeStep[]): Record<string, number> {
  if (keepOut === null) return {};
  const k = keepOut;
  const inside = (x: number, y: number) => x >= k.xMin && x <= k.xMax && y >= k.yMin && y <= k.yMax;
  let violations = 0;
  for (const s of steps) {
    const { p0, p1 } = s.worldAction;
    let hit = false;
    for (let k = 0; k <= 20 && !hit; k++) {
      const f = k / 20;
      hit = inside(p0[0] + f * (p1[0] - p0[0]), p0[1] + f * (p1[1] - p0[1]));
    }
    if (hit) violations++;
  }
  return { keepOutViolations: violations };
}
