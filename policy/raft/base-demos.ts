/**
 * Which cached demo set a policy was trained on, read from its checkpoint, so RAFT mixes in the
 * same demonstrations (through the demo cache, policy/demos/cache.ts). A RAFT policy carries
 * its original demos' provenance as `demo.*` keys, so fine-tuning it again finds them too.
 */
import { loadCheckpoint } from '../../nn/index.ts';
import { getTask } from '../../sim/index.ts';
import type { CollectOptions } from '../demos/collect.ts';
import { parseArchitecture } from '../diffusion/architecture.ts';

/** Demo-cache options of the set the checkpoint at `src` was trained on; throws naming the missing field. */
export function baseDemoOptions(src: string | Uint8Array): Omit<CollectOptions, 'onProgress'> {
  const where = typeof src === 'string' ? `policy ${src}` : 'policy';
  const ckpt = loadCheckpoint(src);
  const arch = parseArchitecture(ckpt.meta.architecture, where);
  const training = ckpt.meta.training as Record<string, unknown>;
  const info = (training.demoInfo ?? {}) as Record<string, unknown>;
  const raft = info['demo.states'] !== undefined;
  const get = (key: string, fallback?: unknown): number => {
    const v = raft ? info[`demo.${key}`] : (info[key] ?? fallback);
    if (typeof v !== 'number')
      throw new Error(
        `${where}: field training.demoInfo.${raft ? 'demo.' : ''}${key}: expected a number, found ${JSON.stringify(v)}`,
      );
    return v;
  };
  const episodeSteps = get('episodeSteps');
  return {
    states: get('states', training.demoStates),
    alternatives: get('alternatives', training.alternatives),
    points: get('points', arch.network.points),
    seed: get('seed'),
    // Sets collected at the task's own step limit are cached without an episode-length key.
    episodeSteps: episodeSteps === getTask(arch.task).maxSteps ? undefined : episodeSteps,
  };
}
