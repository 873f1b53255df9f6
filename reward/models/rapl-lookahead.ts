/**
 * The rollout hook RAPL scores candidates with in simulation: each candidate is run from the
 * scene's current state with recording and the state is restored afterwards. This is privileged
 * look-ahead (a real robot cannot try an action and take it back); it exists because RAPL's
 * reward is defined on outcomes, not on actions.
 */
import { makeRng, seedFor } from '../../core/rng.ts';
import type { Scene } from '../../sim/index.ts';
import type { RaplConfig } from './rapl-config.ts';
import type { RolloutFn } from './rapl-model.ts';
import { trajectoryFromFrames } from './trajectory.ts';

/** A hook that rolls each candidate out from `scene()`'s state, `cfg.rewardFrames` frames, and restores the state. */
export function lookaheadRollout(scene: () => Scene, cfg: RaplConfig, seed = 0): RolloutFn {
  let calls = 0;
  return (_obs, action) => {
    const s = scene();
    const snap = s.snapshot();
    try {
      const res = s.apply(action, { record: true });
      return trajectoryFromFrames(
        res.frames ?? [],
        action.primitive,
        cfg.rewardFrames,
        cfg.points,
        s.task.obsScale,
        makeRng(seedFor.raplLookahead(seed, calls++)),
      );
    } finally {
      s.restore(snap);
    }
  };
}
