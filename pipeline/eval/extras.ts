import type { EpisodeStep } from '../../sim/index.ts';

/**
 * Per-episode numbers beyond the task metric. push-T: `keepOutViolations`, the number of steps
 * whose tool path (the straight push from p0 to p1, world frame) crosses the keep-out zone —
 * what the keep-out teacher penalises and no task metric sees.
 */
export function episodeExtras(info: Readonly<Record<string, number>>, steps: EpisodeStep[]): Record<string, number> {
  if (info.keepOutXMin === undefined) return {};
  const inside = (x: number, y: number) => x >= info.keepOutXMin && x <= info.keepOutXMax && y >= info.keepOutYMin && y <= info.keepOutYMax;
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
