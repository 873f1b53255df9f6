/**
 * The conditioning code c of one observation, computed once by the encoder and repeated for
 * every candidate, so the denoiser runs all N candidates in one call (METHODS.md §2). Shared
 * by `DiffusionPolicy` and the guided policy (policy/guidance), which runs it per network copy.
 *
 * Dimension letters: N candidates, P points, Dc code width.
 */
import { tensor, type InferenceModel, type TensorData } from '../../nn/index.ts';
import { worldOrigin, type Observation } from '../../sim/index.ts';
import { condWidth, IO, usesLocalCode } from './network.ts';
import type { NetworkConfig } from './config.ts';

/** c of `obs` under `encoder` (a graph of `buildEncoderGraph(network)`), repeated: a tensor [N, Dc]. */
export async function observationCode(
  encoder: InferenceModel,
  network: NetworkConfig,
  obs: Observation,
  n: number,
): Promise<TensorData> {
  const P = obs.points.length / 3;
  const feeds = {
    [IO.points]: tensor(obs.points, [1, P, 3]),
    ...(network.originInput ? { [IO.origin]: tensor(new Float32Array(worldOrigin(obs)), [1, 3]) } : {}),
  };
  const c = (await encoder.run(feeds))[IO.code].data as Float32Array; // [1, Dc]
  const dc = condWidth(network);
  const code = new Float32Array(n * dc); // [N, Dc]: the one code, repeated for every candidate
  for (let k = 0; k < n; k++) code.set(c, k * dc);
  return tensor(code, [n, dc]);
}

/** What the denoiser reads of `obs` besides c: its points [1, P, 3] when it has a local code. */
export function denoiserObservation(network: NetworkConfig, obs: Observation): Record<string, TensorData> {
  return usesLocalCode(network) ? { [IO.points]: tensor(obs.points, [1, obs.points.length / 3, 3]) } : {};
}
