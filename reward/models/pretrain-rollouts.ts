/**
 * Free, unlabelled rollouts for pretraining a reward's state–action encoder (issue 12 §4): from
 * simulator states, candidate actions of the task's policy are applied and the object's point
 * cloud is observed before and after. The self-supervised target is physics only, never the task
 * metric or a teacher's score: how the object's points moved, in the pre-action normalised frame,
 * as the shift of their mean (3) and the change of their second moments (6: xx, yy, zz, xy, xz,
 * yz), which carries a rigid block's turn and a rope's or cloth's change of shape.
 */
import { makeRng, type Rng } from '../../core/rng.ts';
import { worldOrigin } from '../../sim/observation/index.ts';
import { getTask, Scene } from '../../sim/index.ts';
import type { Action, Observation } from '../../sim/types.ts';
import { ACTION_DIMS, writeAction } from './features.ts';

/** Target dims: mean shift (3), second-moment change (6). */
export const PHYSICS_TARGET_DIMS = 9;

/** States, actions and physics targets: one row per applied action. */
export interface PhysicsTransitions {
  /** Normalised point cloud of each state: [N_s, 3]. */
  states: Float32Array[];
  /** World origin of each state in its normalised frame: [S, 3]. */
  origins: Float32Array;
  /** Episode (scene seed) of each state: [S]. */
  episodes: Int32Array;
  /** State of each transition: [T]. */
  stateOf: Int32Array;
  /** Action (p0, p1), normalised frame: [T, 6]. */
  actions: Float32Array;
  /** Physics target: [T, 9]. */
  targets: Float32Array;
}

/** Mean (3) and second central moments (6) of a [N, 3] cloud, in the frame `to` (world = p·scale + center). */
function moments(obs: Observation, to: Observation): Float64Array {
  const n = obs.points.length / 3;
  const q = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < 3; d++)
      q[3 * i + d] = (obs.points[3 * i + d] * obs.scale + obs.center[d] - to.center[d]) / to.scale;
  }
  const m = [0, 0, 0];
  for (let i = 0; i < n; i++) for (let d = 0; d < 3; d++) m[d] += q[3 * i + d] / n;
  const pairs = [
    [0, 0],
    [1, 1],
    [2, 2],
    [0, 1],
    [0, 2],
    [1, 2],
  ];
  const out = new Float64Array(PHYSICS_TARGET_DIMS);
  out.set(m);
  pairs.forEach(([a, b], k) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (q[3 * i + a] - m[a]) * (q[3 * i + b] - m[b]);
    out[3 + k] = s / n;
  });
  return out;
}

/** The physics target of one transition: moments after minus moments before, in the pre-action frame. */
export function physicsTarget(pre: Observation, post: Observation): Float32Array {
  const a = moments(pre, pre),
    b = moments(post, pre);
  return Float32Array.from(b, (v, k) => v - a[k]);
}

/** What the rollouts need of a policy: candidate actions of an observation. */
export interface ActionSampler {
  sample(obs: Observation, n: number, rng: Rng): Promise<Action[]>;
}

export interface RolloutOptions {
  /** Episodes (scene seeds seed, seed + 1, ...). */
  episodes: number;
  /** States visited per episode (the scene advances by one of the applied actions). */
  steps: number;
  /** Actions applied from each state. */
  actionsPerState: number;
  /** First scene seed; keep it apart from any test store's seeds. */
  seed: number;
  /** Points observed per state. */
  points?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Rolls out `policyFor(scene)`'s actions on `task`: from each visited state every action is
 * applied from the same snapshot, and the scene then advances by a random one of them.
 */
export async function physicsRollouts(
  task: string,
  policyFor: (scene: Scene) => ActionSampler,
  o: RolloutOptions,
): Promise<PhysicsTransitions> {
  const spec = getTask(task);
  const points = o.points ?? 256;
  const states: Float32Array[] = [],
    origins: number[] = [],
    episodes: number[] = [],
    stateOf: number[] = [];
  const actions: number[] = [],
    targets: number[] = [];
  const row = new Float32Array(ACTION_DIMS);
  const total = o.episodes * o.steps;
  for (let e = 0; e < o.episodes; e++) {
    const seed = o.seed + e;
    const scene = Scene.create(spec, seed);
    const rng: Rng = makeRng(seed * 7919 + 1);
    try {
      const policy = policyFor(scene);
      for (let s = 0; s < o.steps; s++) {
        const pre = scene.observe(points, rng.fork());
        const snap = scene.snapshot();
        const cands = await policy.sample(pre, o.actionsPerState, rng);
        const state = states.length;
        states.push(pre.points);
        origins.push(...worldOrigin(pre));
        episodes.push(seed);
        for (const a of cands) {
          scene.restore(snap);
          scene.apply(a);
          writeAction(a, row, 0);
          actions.push(...row);
          targets.push(...physicsTarget(pre, scene.observe(points, rng.fork())));
          stateOf.push(state);
        }
        scene.restore(snap);
        scene.apply(cands[rng.int(cands.length)]);
        o.onProgress?.(e * o.steps + s + 1, total);
      }
    } finally {
      scene.free();
    }
  }
  return {
    states,
    origins: Float32Array.from(origins),
    episodes: Int32Array.from(episodes),
    stateOf: Int32Array.from(stateOf),
    actions: Float32Array.from(actions),
    targets: Float32Array.from(targets),
  };
}
