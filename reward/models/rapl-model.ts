/**
 * `RaplRewardModel`: the aligned frame encoder φ as an ONNX session plus the expert demos'
 * embeddings. The dense reward of a rollout is OT against the closest demo (METHODS §4):
 * r_t = −Σ_j P*_tj C_tj with the demo whose total R is largest. As a `RewardModel` it scores
 * candidate actions through a rollout hook (restore + apply with recording), since OT rewards
 * are defined on outcomes.
 */
import { writeFileSync, renameSync } from 'node:fs';
import { openModel, tensor, type Checkpoint, type InferenceModel } from '../../nn/index.ts';
import type { Action, Observation } from '../../sim/types.ts';
import { RaplConfigSchema, type RaplConfig } from './rapl-config.ts';
import type { RewardModel } from './reward-model.ts';
import { costMatrix, otRewards, sinkhorn } from './sinkhorn.ts';
import { decodeTrajectory, type Trajectory, type TrajectoryJson } from './trajectory.ts';

/** Turns a candidate action of the state `obs` into its recorded rollout. */
export type RolloutFn = (obs: Observation, action: Action) => Trajectory | Promise<Trajectory>;

export interface RolloutReward {
  /** Dense reward per frame: [T]. */
  dense: Float64Array;
  /** Σ_t r_t against the closest demo. */
  total: number;
  /** Index of the closest demo. */
  demo: number;
}

export class RaplRewardModel implements RewardModel {
  readonly kind = 'rapl' as const;
  private demoEmbeds: Float32Array[] = [];
  private rollout: RolloutFn | null = null;

  constructor(
    readonly id: string,
    private readonly session: InferenceModel,
    readonly config: RaplConfig,
    /** Checkpoint ONNX bytes (what `save` writes). */
    readonly bytes: Uint8Array,
  ) {}

  static async fromCheckpoint(ckpt: Checkpoint, id: string): Promise<RaplRewardModel> {
    const arch = ckpt.meta.architecture as { kind?: unknown; config?: unknown; demos?: TrajectoryJson[] };
    if (arch.kind !== 'rapl')
      throw new Error(
        `rapl reward: checkpoint field architecture.kind: expected "rapl", found ${JSON.stringify(arch.kind)}`,
      );
    // Checkpoints from before the cost option were all trained with the cosine cost.
    const config = RaplConfigSchema.parse({ cost: 'cosine', ...(arch.config as object) });
    const m = new RaplRewardModel(id, await openModel(ckpt.bytes), config, ckpt.bytes);
    const demos = (arch.demos ?? []).map((d, i) => decodeTrajectory(d, `rapl reward ${id}: architecture.demos.${i}`));
    if (demos.length > 0) await m.setDemos(demos);
    return m;
  }

  save(path: string): void {
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, this.bytes);
    renameSync(tmp, path);
  }

  /** Frame embeddings φ of a trajectory: [T, E]. */
  async embed(traj: Trajectory): Promise<Float32Array> {
    const out = await this.session.run({
      points: tensor(traj.points, [traj.frames, traj.n, 3]),
      tool: tensor(traj.tool, [traj.frames, 3]),
    });
    return out.embed.data as Float32Array;
  }

  /** Sets the expert demos the reward compares against (embedded once). */
  async setDemos(demos: Trajectory[]): Promise<void> {
    this.demoEmbeds = await Promise.all(demos.map((d) => this.embed(d)));
  }

  get demoCount(): number {
    return this.demoEmbeds.length;
  }

  /** Dense reward of a rollout against the closest demo. */
  async rewardOf(traj: Trajectory): Promise<RolloutReward> {
    if (this.demoEmbeds.length === 0)
      throw new Error(`rapl reward ${this.id}: no expert demos set (call setDemos first)`);
    const e = await this.embed(traj);
    const d = this.config.embed;
    let best: RolloutReward | null = null;
    this.demoEmbeds.forEach((demo, k) => {
      const t = e.length / d,
        u = demo.length / d;
      const c = costMatrix(this.config.cost, e, demo, d);
      const { plan } = sinkhorn(c, t, u, { eps: this.config.eps, tol: this.config.tol, maxIter: this.config.maxIter });
      const dense = otRewards(c, plan, t, u);
      const total = dense.reduce((a, b) => a + b, 0);
      if (best === null || total > best.total) best = { dense, total, demo: k };
    });
    return best!;
  }

  /** Sets how `score` turns candidate actions into rollouts. */
  setRollout(fn: RolloutFn): void {
    this.rollout = fn;
  }

  /** Total OT reward of each candidate's rollout: [K]. Needs `setRollout` and `setDemos`. */
  async score(obs: Observation, actions: Action[]): Promise<Float32Array> {
    if (this.rollout === null)
      throw new Error(
        `rapl reward ${this.id}: scoring actions needs a rollout hook (setRollout); OT rewards are defined on outcomes`,
      );
    const out = new Float32Array(actions.length);
    for (let k = 0; k < actions.length; k++) out[k] = (await this.rewardOf(await this.rollout(obs, actions[k]))).total;
    return out;
  }

  free(): Promise<void> {
    return this.session.free();
  }
}
