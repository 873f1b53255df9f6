/**
 * Pretraining the explicit reward's state–action encoder on free rollouts (issue 12 §4): the
 * encoder of `explicit-network.ts` plus a linear head regress the physics target of
 * `pretrain-rollouts.ts` (how the object's points move under the action; never the task metric
 * or a teacher's score), standardised per dimension, with mean squared error. Whole episodes are
 * held out to report the loss on unseen states. The result is a checkpoint whose `enc.*`
 * parameters `trainExplicit` copies into every member before fine-tuning on preferences.
 */
import { makeRng } from '../../core/rng.ts';
import {
  checkpointBytes,
  epochBatches,
  Graph,
  linear,
  loadCheckpoint,
  makeTrainer,
  tensor,
  type Trainer,
} from '../../nn/index.ts';
import { isValidationEpisode } from './early-stopping.ts';
import { ExplicitConfigSchema, type ExplicitConfig, type ExplicitConfigInput } from './explicit-config.ts';
import { ENCODER_FIELDS, explicitEncoder } from './explicit-network.ts';
import { ACTION_DIMS, CANDIDATE_DIMS, samplePointsInto } from './features.ts';
import { PHYSICS_TARGET_DIMS, type PhysicsTransitions } from './pretrain-rollouts.ts';

/** Parameter prefix of the pretrained encoder in its checkpoint. */
export const ENCODER_PREFIX = 'enc.';

export interface PretrainOptions {
  epochs?: number;
  lr?: number;
  batchSize?: number;
  /** Fraction of episodes held out to report the pretraining loss on unseen states. */
  heldOut?: number;
  /** `heldOutLoss` is null when no transition was held out (too few episodes to split). */
  onProgress?: (p: { epoch: number; epochs: number; loss: number; heldOutLoss: number | null }) => void;
}

export interface PretrainResult {
  /** Checkpoint bytes (`enc.*` encoder, `pre.head`), with the encoder config in its metadata. */
  bytes: Uint8Array;
  /** Mean training loss per epoch (standardised units: 1 = predicting the mean). */
  losses: number[];
  /** Held-out loss before training and after each epoch (empty without held-out episodes). */
  heldOutLosses: number[];
  transitions: number;
  heldOutTransitions: number;
}

/** Per-dimension mean and standard deviation of the targets [T, D]. */
function standardise(targets: Float32Array, rows: Int32Array): { mean: number[]; std: number[] } {
  const d = PHYSICS_TARGET_DIMS,
    mean = new Array<number>(d).fill(0),
    sq = new Array<number>(d).fill(0);
  for (const r of rows) for (let k = 0; k < d; k++) mean[k] += targets[r * d + k] / rows.length;
  for (const r of rows) for (let k = 0; k < d; k++) sq[k] += (targets[r * d + k] - mean[k]) ** 2 / rows.length;
  return { mean, std: sq.map((v) => Math.sqrt(v) || 1) };
}

/** Feeds of transitions `idx`: points [b, N, 3], candidates [b, 1, 9], standardised targets [b, 1, 9]. */
function feeds(
  data: PhysicsTransitions,
  idx: ArrayLike<number>,
  cfg: ExplicitConfig,
  norm: { mean: number[]; std: number[] },
  rng: ReturnType<typeof makeRng>,
) {
  const b = idx.length,
    d = PHYSICS_TARGET_DIMS;
  const points = new Float32Array(b * cfg.points * 3),
    actions = new Float32Array(b * CANDIDATE_DIMS),
    y = new Float32Array(b * d);
  for (let k = 0; k < b; k++) {
    const i = idx[k],
      s = data.stateOf[i];
    samplePointsInto(data.states[s], cfg.points, rng, points, k * cfg.points);
    actions.set(data.actions.subarray(i * ACTION_DIMS, (i + 1) * ACTION_DIMS), k * CANDIDATE_DIMS);
    actions.set(data.origins.subarray(3 * s, 3 * s + 3), k * CANDIDATE_DIMS + ACTION_DIMS);
    for (let j = 0; j < d; j++) y[k * d + j] = (data.targets[i * d + j] - norm.mean[j]) / norm.std[j];
  }
  return {
    points: tensor(points, [b, cfg.points, 3]),
    actions: tensor(actions, [b, 1, CANDIDATE_DIMS]),
    y: tensor(y, [b, 1, d]),
  };
}

/** Pretrains the encoder of an explicit reward of config `input` on `data`. */
export async function pretrainExplicitEncoder(
  data: PhysicsTransitions,
  input: ExplicitConfigInput,
  o: PretrainOptions = {},
): Promise<PretrainResult> {
  const parsed = ExplicitConfigSchema.safeParse(input);
  if (!parsed.success)
    throw new Error(
      `pretrainExplicitEncoder: explicit reward config: ${parsed.error.issues
        .map((i) => `field ${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  const cfg = parsed.data;
  const epochs = o.epochs ?? 20,
    lr = o.lr ?? 1e-3,
    batchSize = o.batchSize ?? 64,
    heldOut = o.heldOut ?? 0.1;
  const n = data.stateOf.length;
  if (n === 0) throw new Error('pretrainExplicitEncoder: no transitions');
  const held = (i: number) => isValidationEpisode(data.episodes[data.stateOf[i]], heldOut, cfg.seed);
  let train = Int32Array.from({ length: n }, (_, i) => i).filter((i) => !held(i));
  let test = Int32Array.from({ length: n }, (_, i) => i).filter(held);
  if (train.length === 0) {
    train = Int32Array.from({ length: n }, (_, i) => i);
    test = new Int32Array(0);
  }
  const norm = standardise(data.targets, train);
  const rng = makeRng(cfg.seed + 0x9e37);
  const g = new Graph();
  const points = g.input('points', ['B', 'N', 3]),
    actions = g.input('actions', ['B', 1, CANDIDATE_DIMS]);
  const y = g.input('y', ['B', 1, PHYSICS_TARGET_DIMS]);
  const z = linear(
    g,
    explicitEncoder(g, points, actions, cfg, ENCODER_PREFIX.slice(0, -1), rng.fork()),
    { name: 'pre.head', out: PHYSICS_TARGET_DIMS },
    rng.fork(),
  );
  g.output('z', z);
  const err = z.sub(y);
  const trainer: Trainer = await makeTrainer(g, {
    loss: err.mul(err).mean(),
    optimizer: { kind: 'adamw', lr, weightDecay: cfg.weightDecay },
  });
  const losses: number[] = [],
    heldOutLosses: number[] = [];
  try {
    const testFeeds = test.length ? [feeds(data, test, cfg, norm, makeRng(cfg.seed + 0x7a11d))] : [];
    const evalHeld = async () => (testFeeds.length ? (await trainer.evaluate(testFeeds[0])).loss : NaN);
    if (testFeeds.length) heldOutLosses.push(await evalHeld());
    for (let e = 1; e <= epochs; e++) {
      let sum = 0,
        count = 0;
      for (const b of epochBatches(train.length, batchSize, rng)) {
        const idx = Int32Array.from(b, (i) => train[i]);
        sum += (await trainer.step(feeds(data, idx, cfg, norm, rng))).loss * idx.length;
        count += idx.length;
      }
      losses.push(sum / count);
      const h = testFeeds.length ? await evalHeld() : null;
      if (h !== null) heldOutLosses.push(h);
      o.onProgress?.({ epoch: e, epochs, loss: sum / count, heldOutLoss: h });
    }
  } finally {
    await trainer.free();
  }
  const encoder = Object.fromEntries(ENCODER_FIELDS.map((f) => [f, cfg[f]]));
  const bytes = checkpointBytes(g, {
    outputs: ['z'],
    info: {
      architecture: { kind: 'explicit-pretrain', encoder, target: 'physics-moments-9', norm },
      training: { transitions: train.length, heldOutTransitions: test.length, epochs, lr, batchSize },
      dataHash: '',
      metrics: { finalLoss: losses.at(-1)!, ...(heldOutLosses.length ? { heldOutLoss: heldOutLosses.at(-1)! } : {}) },
    },
  });
  return { bytes, losses, heldOutLosses, transitions: train.length, heldOutTransitions: test.length };
}

/**
 * The encoder parameters of a pretraining checkpoint (file or bytes), by name without the
 * `enc.` prefix, after checking that its encoder fields match `cfg` (names the field otherwise).
 */
export function readPretrainedEncoder(src: string | Uint8Array, cfg: ExplicitConfig): [string, Float32Array][] {
  const where = typeof src === 'string' ? `pretrained encoder ${src}` : 'pretrained encoder';
  const ckpt = loadCheckpoint(src);
  const arch = ckpt.meta.architecture as { kind?: unknown; encoder?: Record<string, unknown> };
  if (arch.kind !== 'explicit-pretrain')
    throw new Error(
      `${where}: field architecture.kind: expected "explicit-pretrain", found ${JSON.stringify(arch.kind)}`,
    );
  for (const f of ENCODER_FIELDS) {
    if (JSON.stringify(arch.encoder?.[f]) !== JSON.stringify(cfg[f])) {
      throw new Error(
        `${where}: field architecture.encoder.${f}: ${JSON.stringify(arch.encoder?.[f])} ` +
          `does not match the reward config's ${JSON.stringify(cfg[f])}`,
      );
    }
  }
  return [...ckpt.params]
    .filter(([name]) => name.startsWith(ENCODER_PREFIX))
    .map(([name, p]) => [name.slice(ENCODER_PREFIX.length), p.data]);
}
