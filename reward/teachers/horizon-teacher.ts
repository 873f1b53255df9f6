/**
 * `--horizon k` (issue 13 item 4): a teacher that values an outcome by the return after k further
 * steps of the scripted expert from the candidate's outcome, where one step is too short to carry
 * signal. It wraps any teacher: each outcome's per-step rewards become the candidate's reward
 * followed by the k expert-step rewards, and the inner teacher scores and labels those (its return
 * rule applies: the plain sum for most, γ-discounted for myopic).
 *
 * Teachers never touch the simulator, so whoever runs the candidates calls
 * `addHorizonRewards` with the scene; it fills `horizonRewards` on every outcome (the rollout is
 * `expertRewardsAfter` of sim/episode/expert-horizon.ts).
 */
import type { Rng } from '../../core/rng.ts';
// Direct file imports: a teacher must not load the physics engine just to be named.
import { expertRewardsAfter } from '../../sim/episode/expert-horizon.ts';
import type { Scene } from '../../sim/scene/scene.ts';
import type { Label } from '../labels/index.ts';
import type { Teacher, TeacherOutcome, TeacherQuery } from './teacher.ts';

/** A teacher that needs `horizonRewards` on its outcomes. */
export interface HorizonTeacher extends Teacher {
  /** Expert steps after each candidate. */
  readonly horizon: number;
  readonly inner: Teacher;
}

export function isHorizonTeacher(t: Teacher): t is HorizonTeacher {
  return (
    typeof (t as Partial<HorizonTeacher>).horizon === 'number' && (t as Partial<HorizonTeacher>).inner !== undefined
  );
}

/** Wraps `inner` to value outcomes over `horizon` further expert steps; horizon 0 returns `inner` itself. */
export function horizonTeacher(inner: Teacher, horizon: number): Teacher {
  if (!(Number.isInteger(horizon) && horizon >= 0 && horizon <= 50)) {
    throw new Error(
      `--horizon: expected an integer from 0 to 50 (expert steps after each candidate), found ${horizon}`,
    );
  }
  if (horizon === 0) return inner;
  const extend = (outcomes: TeacherOutcome[]): TeacherOutcome[] =>
    outcomes.map((o, i) => {
      const h = o.horizonRewards;
      if (!Array.isArray(h) || h.length !== horizon || !h.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        throw new Error(
          `teacher ${inner.name} with horizon ${horizon}: outcome ${i}: field horizonRewards: expected ${horizon}` +
            ` finite numbers (call addHorizonRewards), found ${JSON.stringify(h)}`,
        );
      }
      return { ...o, rewards: [...o.rewards, ...(h as number[])] };
    });
  const t: HorizonTeacher = {
    name: `${inner.name}+horizon=${horizon}`,
    kind: inner.kind,
    horizon,
    inner,
    label: (q: TeacherQuery, outcomes: TeacherOutcome[], rng: Rng): Label => inner.label(q, extend(outcomes), rng),
  };
  if (inner.score) t.score = (q, outcomes) => inner.score!(q, extend(outcomes));
  return t;
}

/**
 * Fills `horizonRewards` on each outcome when `teacher` has a horizon (else returns them as they
 * are): the expert runs from each candidate's end state `after[i]`. The scene is left at the end
 * of the last rollout; restore it afterwards. `salt` (e.g. the scene's step count) seeds the
 * expert alike for every candidate of one query.
 */
export function addHorizonRewards(
  teacher: Teacher,
  scene: Scene,
  outcomes: TeacherOutcome[],
  after: Uint8Array[],
  salt = 0,
): TeacherOutcome[] {
  if (!isHorizonTeacher(teacher)) return outcomes;
  return outcomes.map((o, i) => ({ ...o, horizonRewards: expertRewardsAfter(scene, after[i], teacher.horizon, salt) }));
}
