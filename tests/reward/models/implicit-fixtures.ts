/** A tiny random-initialised diffusion policy checkpoint for fast implicit-reward tests. */
import { makeRng } from '../../../core/rng.ts';
import { checkpointBytes } from '../../../nn/index.ts';
import {
  buildTrainingGraph,
  IO,
  NetworkConfigSchema,
  POLICY_KIND,
  ScheduleConfigSchema,
  TrainConfigSchema,
  UNIT_RANGE,
  type PolicyArchitecture,
} from '../../../policy/index.ts';

/** Policy bytes: P = 32 points, widths 16–32 (with a local code), T = 100, identity action normaliser, rope-circle. */
export function tinyPolicy(
  seed = 3,
  localKind: 'offsets' | 'attention' = 'offsets',
): { bytes: Uint8Array; arch: PolicyArchitecture } {
  const network = NetworkConfigSchema.parse({
    points: 32,
    encoderSizes: [16],
    codeSize: 16,
    timeEmbedding: 8,
    hidden: 32,
    blocks: 2,
    localSizes: [16],
    localKind,
  });
  const { graph } = buildTrainingGraph(network, UNIT_RANGE, makeRng(seed));
  const arch: PolicyArchitecture = {
    kind: POLICY_KIND,
    task: 'rope-circle',
    primitive: 'pick_place',
    network,
    schedule: ScheduleConfigSchema.parse({}),
    actionRange: UNIT_RANGE,
    rotate: false,
    train: TrainConfigSchema.parse({}),
  };
  const bytes = checkpointBytes(graph, {
    outputs: [IO.eps],
    info: { architecture: arch as unknown as Record<string, unknown> },
  });
  return { bytes, arch };
}
