/**
 * Trains the noise network on demonstrations (METHODS.md §2):
 * minimise ‖ε − ε_θ(√ᾱ_t a + √(1−ᾱ_t) ε, t, c)‖² with, per state and step, one of its k
 * alternative actions, a uniform t ∈ [0, T) and, where the task allows, a random rotation about z.
 *
 * Seeded and resumable: epoch e draws from its own stream (seed, e), and checkpoints carry the
 * optimiser state and the epochs done, so stopping after any epoch and resuming gives the same
 * weights as an uninterrupted run. Dimension letters: B batch, P points, k alternatives, Da = 6.
 */
import { makeRng, type Rng, seedFor } from '../../core/rng.ts';
import {
  loadCheckpoint,
  makeTrainer,
  restoreOptimizer,
  restoreParams,
  saveCheckpoint,
  tensor,
  type Trainer,
} from '../../nn/index.ts';
import { getTask } from '../../sim/index.ts';
import { ACTION_DIM, fitActionRange, normaliseRows } from '../action-codec.ts';
import { rotateXY, taskAllowsRotation } from '../demos/augment.ts';
import { checkDemoSet, demoHash, type DemoSet } from '../demos/demo-set.ts';
import {
  NetworkConfigSchema,
  ScheduleConfigSchema,
  TrainConfigSchema,
  type NetworkConfigInput,
  type ScheduleConfig,
  type TrainConfigInput,
} from './config.ts';
import { parseArchitecture, POLICY_KIND, type PolicyArchitecture } from './architecture.ts';
import { buildTrainingGraph, IO } from './network.ts';
import { addNoise, makeNoiseSchedule, type NoiseSchedule } from './noise-schedule.ts';

export interface TrainProgress {
  epoch: number;
  epochs: number;
  /** Mean training loss over this epoch. */
  loss: number;
  step: number;
}

export interface TrainPolicyOptions {
  network?: NetworkConfigInput;
  schedule?: Partial<ScheduleConfig>;
  train?: TrainConfigInput;
  /** Checkpoint file to write (at the end, and every `saveEvery` epochs). */
  out?: string;
  saveEvery?: number;
  /** Leave the optimiser state out of the final checkpoint: ~3× smaller, cannot be resumed. Default false. */
  slim?: boolean;
  /** Continue from this checkpoint (its architecture and training config win; `train.epochs` sets the new total). */
  resume?: string | Uint8Array;
  /**
   * Fine-tune: start from this policy's weights and architecture (network, schedule, action
   * normaliser, rotation) with a fresh optimiser and `train` as the whole training config
   * (RAFT, policy/raft/). Not with `resume`.
   */
  init?: string | Uint8Array;
  /** Called after every epoch. */
  onEpoch?: (p: TrainProgress) => void;
}

export interface TrainPolicyResult {
  architecture: PolicyArchitecture;
  /** Mean loss of each epoch run now (resumed runs start at the resumed epoch). */
  epochLosses: number[];
  /** Epoch training started from (0 unless resumed). */
  startEpoch: number;
  epochs: number;
  steps: number;
  finalLoss: number;
}

/** Stream for epoch `e` of seed `seed`: independent of earlier epochs, so resuming is exact. */
function epochRng(seed: number, e: number): Rng {
  return makeRng(seedFor.policyEpoch(seed, e));
}

/** One mini-batch of noisy actions for rows `idx` of `demos`. */
function makeBatch(demos: DemoSet, idx: number[], arch: PolicyArchitecture, s: NoiseSchedule, rng: Rng) {
  const b = idx.length,
    P = demos.points,
    k = demos.alternatives;
  const points = new Float32Array(b * P * 3),
    origin = new Float32Array(b * 3),
    rows = new Float32Array(b * ACTION_DIM);
  const t = new Float32Array(b),
    tInt = new Int32Array(b);
  idx.forEach((i, r) => {
    const pts = demos.obs.slice(i * P * 3, (i + 1) * P * 3); // [P, 3]
    const o = demos.origin.slice(i * 3, i * 3 + 3); // [3]
    const j = rng.int(k);
    const a = demos.actions.slice((i * k + j) * ACTION_DIM, (i * k + j + 1) * ACTION_DIM); // [6] = two 3-vectors
    if (arch.rotate) {
      const th = rng.uniform(0, 2 * Math.PI);
      rotateXY(pts, th);
      rotateXY(o, th);
      rotateXY(a, th);
    }
    points.set(pts, r * P * 3);
    origin.set(o, r * 3);
    rows.set(a, r * ACTION_DIM);
    tInt[r] = rng.int(s.steps);
    t[r] = tInt[r];
  });
  const a0 = normaliseRows(rows, arch.actionRange); // [B, 6] in [-1, 1]
  const eps = new Float32Array(b * ACTION_DIM).map(() => rng.normal()); // [B, 6]
  const feeds = {
    [IO.points]: tensor(points, [b, P, 3]),
    [IO.action]: tensor(addNoise(s, a0, eps, tInt, ACTION_DIM), [b, ACTION_DIM]),
    [IO.t]: tensor(t, [b]),
    [IO.target]: tensor(eps, [b, ACTION_DIM]),
    ...(arch.network.originInput ? { [IO.origin]: tensor(origin, [b, 3]) } : {}),
  };
  return feeds;
}

function shuffled(n: number, rng: Rng): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** Trains (or resumes training of) a diffusion policy on `demos`. */
export async function trainPolicy(demos: DemoSet, opts: TrainPolicyOptions = {}): Promise<TrainPolicyResult> {
  checkDemoSet(demos);
  if (opts.resume !== undefined && opts.init !== undefined)
    throw new Error('trainPolicy: give resume or init, not both');
  const ckpt = opts.resume !== undefined ? loadCheckpoint(opts.resume) : null;
  const init = opts.init !== undefined ? loadCheckpoint(opts.init) : null;
  let arch: PolicyArchitecture;
  let startEpoch = 0;
  if (init) {
    arch = parseArchitecture(init.meta.architecture, 'init checkpoint');
    if (arch.task !== demos.task)
      throw new Error(`init: checkpoint is for task ${arch.task}, demos are for ${demos.task}`);
    arch = { ...arch, train: TrainConfigSchema.parse({ ...opts.train, rotate: arch.rotate ? 'on' : 'off' }) };
  } else if (ckpt) {
    arch = parseArchitecture(ckpt.meta.architecture, 'resume checkpoint');
    if (arch.task !== demos.task)
      throw new Error(`resume: checkpoint is for task ${arch.task}, demos are for ${demos.task}`);
    if (ckpt.meta.dataHash !== demoHash(demos))
      throw new Error('resume: the demos differ from those the checkpoint was trained on (dataHash mismatch)');
    startEpoch = Number(ckpt.meta.training.epochsDone ?? 0);
    arch = { ...arch, train: { ...arch.train, epochs: opts.train?.epochs ?? arch.train.epochs } };
  } else {
    const train = TrainConfigSchema.parse(opts.train ?? {});
    const task = getTask(demos.task);
    const rotate = train.rotate === 'auto' ? taskAllowsRotation(task) : train.rotate === 'on';
    arch = {
      kind: POLICY_KIND,
      task: task.id,
      primitive: task.primitive,
      network: NetworkConfigSchema.parse({ ...opts.network, points: demos.points }),
      schedule: ScheduleConfigSchema.parse(opts.schedule ?? {}),
      actionRange: fitActionRange(demos.actions, { rotational: rotate }),
      rotate,
      train,
    };
  }
  const tc = arch.train;
  const schedule = makeNoiseSchedule(arch.schedule);
  const { graph, pred, loss } = buildTrainingGraph(arch.network, arch.actionRange, makeRng(tc.seed));
  if (ckpt) restoreParams(graph, ckpt);
  if (init) restoreParams(graph, init);
  const stepsPerEpoch = Math.ceil(demos.states / tc.batchSize);
  const trainer: Trainer = await makeTrainer(graph, {
    loss,
    outputs: { [IO.eps]: pred },
    optimizer: {
      kind: 'adamw',
      lr: tc.lr,
      weightDecay: tc.weightDecay,
      clipNorm: tc.clipNorm,
      schedule: {
        kind: 'cosine',
        warmupSteps: tc.warmupSteps,
        totalSteps: Math.max(tc.warmupSteps + 1, tc.epochs * stepsPerEpoch),
      },
    },
  });
  const epochLosses: number[] = [];
  const save = (epochsDone: number, last: number, final: boolean) => {
    if (!opts.out) return;
    saveCheckpoint(opts.out, graph, {
      outputs: [IO.eps],
      info: {
        architecture: arch as unknown as Record<string, unknown>,
        training: {
          ...tc,
          epochsDone,
          demoStates: demos.states,
          alternatives: demos.alternatives,
          demoInfo: demos.info,
        },
        dataHash: demoHash(demos),
        metrics: { loss: last },
      },
      trainer: final && opts.slim ? undefined : trainer,
    });
  };
  try {
    if (ckpt) restoreOptimizer(trainer, ckpt);
    let last = Number(ckpt?.meta.metrics.loss ?? NaN);
    for (let e = startEpoch; e < tc.epochs; e++) {
      const rng = epochRng(tc.seed, e);
      const order = shuffled(demos.states, rng);
      let sum = 0,
        n = 0;
      for (let i = 0; i < order.length; i += tc.batchSize) {
        const idx = order.slice(i, i + tc.batchSize);
        const r = await trainer.step(makeBatch(demos, idx, arch, schedule, rng));
        sum += r.loss * idx.length;
        n += idx.length;
      }
      last = sum / n;
      epochLosses.push(last);
      if (opts.saveEvery && (e + 1) % opts.saveEvery === 0 && e + 1 < tc.epochs) save(e + 1, last, false);
      opts.onEpoch?.({ epoch: e + 1, epochs: tc.epochs, loss: last, step: trainer.optimizer.step });
    }
    save(tc.epochs, last, true);
    return {
      architecture: arch,
      epochLosses,
      startEpoch,
      epochs: tc.epochs,
      steps: trainer.optimizer.step,
      finalLoss: last,
    };
  } finally {
    await trainer.free();
  }
}
