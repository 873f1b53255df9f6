/** Small synthetic demo sets and a tiny network, so policy tests run in seconds. */
import { makeRng } from '../../core/rng.ts';
import type { DemoSet, NetworkConfigInput } from '../../policy/index.ts';

export const TINY_NET: NetworkConfigInput = {
  encoderSizes: [16],
  codeSize: 16,
  hidden: 32,
  blocks: 2,
  timeEmbedding: 8,
  localSizes: [16],
};

/**
 * S states of P random points; the k alternatives are the point cloud's centroid-relative
 * extreme points (a learnable, multimodal function of the observation).
 */
export function syntheticDemos(task = 'push-T', S = 24, P = 32, k = 2, seed = 1): DemoSet {
  const rng = makeRng(seed);
  const obs = new Float32Array(S * P * 3).map(() => rng.uniform(-1, 1));
  const origin = new Float32Array(S * 3).map(() => rng.uniform(-0.5, 0.5));
  const actions = new Float32Array(S * k * 6);
  for (let s = 0; s < S; s++) {
    for (let j = 0; j < k; j++) {
      const i = (s + j * 7) % P;
      const p = obs.subarray((s * P + i) * 3, (s * P + i) * 3 + 3);
      actions.set([p[0], p[1], 0.1, -p[0] * 0.5, -p[1] * 0.5, 0.1], (s * k + j) * 6);
    }
  }
  return { task, states: S, points: P, alternatives: k, obs, origin, actions, info: { synthetic: 1 } };
}
