/**
 * `ExplicitRewardModel`: a trained explicit Bradley–Terry reward (one member or an ensemble in
 * one ONNX graph) behind the `RewardModel` interface. Owns its ONNX session and its checkpoint
 * bytes (inference-only ONNX with the config in metadata_props).
 */
import { writeFileSync, renameSync } from 'node:fs';
import { makeRng } from '../../core/rng.ts';
import { loadCheckpoint, openModel, tensor, type Checkpoint, type InferenceModel } from '../../nn/index.ts';
import type { Action, Observation } from '../../sim/types.ts';
import { ExplicitConfigSchema, type ExplicitConfig } from './explicit-config.ts';
import { meanScores } from './ensemble.ts';
import { worldOrigin } from '../../sim/observation/index.ts';
import { CANDIDATE_DIMS, candidateMatrix, samplePointsInto } from './features.ts';
import type { UncertainRewardModel } from './reward-model.ts';

/** Seed of the fixed point subsample used when scoring, so a state always scores the same. */
const SCORE_SEED = 12345;

export class ExplicitRewardModel implements UncertainRewardModel {
  readonly kind = 'explicit' as const;

  constructor(
    readonly id: string,
    private readonly session: InferenceModel,
    readonly config: ExplicitConfig,
    /** Ensemble members M. */
    readonly members: number,
    /** Checkpoint ONNX bytes (what `save` writes). */
    readonly bytes: Uint8Array,
  ) {}

  /** Opens a checkpoint file or bytes written by `save`. */
  static async fromCheckpoint(ckpt: Checkpoint, id: string): Promise<ExplicitRewardModel> {
    const arch = ckpt.meta.architecture as { kind?: unknown; config?: unknown; members?: unknown };
    if (arch.kind !== 'explicit')
      throw new Error(
        `explicit reward: checkpoint field architecture.kind: expected "explicit", found ${JSON.stringify(arch.kind)}`,
      );
    if (typeof arch.config !== 'object' || arch.config === null || !('originInput' in arch.config)) {
      throw new Error(
        'explicit reward: checkpoint field architecture.config.originInput: missing; the model predates candidate ' +
          'features with the world origin, retrain it',
      );
    }
    const cfg = ExplicitConfigSchema.parse(arch.config);
    const members = Number(arch.members);
    if (!Number.isInteger(members) || members < 1)
      throw new Error(
        `explicit reward: checkpoint field architecture.members: expected a positive integer, found ` +
          `${JSON.stringify(arch.members)}`,
      );
    return new ExplicitRewardModel(id, await openModel(ckpt.bytes), cfg, members, ckpt.bytes);
  }

  static async load(path: string, id = path): Promise<ExplicitRewardModel> {
    return ExplicitRewardModel.fromCheckpoint(loadCheckpoint(path), id);
  }

  /** Writes the checkpoint atomically. */
  save(path: string): void {
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, this.bytes);
    renameSync(tmp, path);
  }

  /** Raw batched run: points [S, N, 3], candidates [S, K, 9] (see `candidateMatrix`) → per-member rewards [S, K, M]. */
  async run(points: Float32Array, actions: Float32Array, s: number, k: number): Promise<Float32Array> {
    const n = points.length / (3 * s);
    const out = await this.session.run({
      points: tensor(points, [s, n, 3]),
      actions: tensor(actions, [s, k, CANDIDATE_DIMS]),
    });
    return out.r.data as Float32Array;
  }

  /** The state's fixed-subsample points [N, 3]. */
  statePoints(obs: Observation): Float32Array {
    const pts = new Float32Array(this.config.points * 3);
    samplePointsInto(obs.points, this.config.points, makeRng(SCORE_SEED), pts);
    return pts;
  }

  /** Per-member scores [M, K] of K candidates. */
  async memberScores(obs: Observation, actions: Action[]): Promise<{ scores: Float32Array; members: number }> {
    const k = actions.length;
    const r = await this.run(this.statePoints(obs), candidateMatrix(actions, worldOrigin(obs)), 1, k); // [1, K, M]
    const m = this.members;
    const scores = new Float32Array(m * k); // [M, K]
    for (let i = 0; i < k; i++) for (let j = 0; j < m; j++) scores[j * k + i] = r[i * m + j];
    return { scores, members: m };
  }

  /** Mean over members: [K]. */
  async score(obs: Observation, actions: Action[]): Promise<Float32Array> {
    if (actions.length === 0) return new Float32Array(0);
    const { scores, members } = await this.memberScores(obs, actions);
    return meanScores(scores, members);
  }

  free(): Promise<void> {
    return this.session.free();
  }
}
