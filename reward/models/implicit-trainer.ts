/**
 * Diffusion-DPO fine-tuning of the implicit reward (METHODS §4, DeformPAM): ε_θ starts as a copy
 * of the trained policy's noise network, ε_ref is the frozen original; each labelled pair
 * (winner w, loser l) gets `pairDraws` draws of t ~ U[0, trainTFraction·T) and ε, each shared by
 * both models and both actions. Equal pairs carry no DPO signal and are dropped; y = 0 pairs are
 * swapped so w is the winner. A validation split (whole states or episodes) with fixed draws
 * picks the epoch: training stops after `patience` epochs without a lower validation loss and
 * keeps the best epoch's θ.
 *
 * Dimension letters: B pairs per batch, P points, Da = 6.
 */
import { makeRng, type Rng, seedFor } from '../../core/rng.ts';
import {
  checkpointBytes,
  epochBatches,
  hashData,
  loadCheckpoint,
  makeTrainer,
  openModel,
  tensor,
  type Trainer,
} from '../../nn/index.ts';
import {
  ACTION_DIM,
  addNoise,
  makeNoiseSchedule,
  normaliseRows,
  parseArchitecture,
  rotateXY,
  type PolicyArchitecture,
} from '../../policy/index.ts';
import { worldOrigin } from '../../sim/observation/index.ts';
import type { Observation } from '../../sim/types.ts';
import { parseImplicitConfig, type ImplicitConfig, type ImplicitConfigInput } from './implicit-config.ts';
import { ImplicitRewardModel } from './implicit-model.ts';
import {
  buildDpoGraph,
  buildScoreGraph,
  IMPLICIT_IO,
  netsFrom,
  policyNets,
  THETA,
  type PolicyNets,
} from './implicit-network.ts';
import { samplePointsInto } from './features.ts';
import type { PairData } from './pair-data.ts';
import { splitPairs } from './implicit-split.ts';

/** Winner/loser pairs with the observations they were labelled in. */
export interface ImplicitPairs {
  /** Observations of the states (points, centre and scale: the policy's encoder needs the origin). */
  observations: Observation[];
  /**
   * Episode (e.g. scene seed) of each state: [S]; the validation split keeps episodes whole. Default: each state its
   * own.
   */
  groupOf?: Int32Array;
  /** State of each pair: [P]. */
  stateOf: Int32Array;
  /** Winners [P, 6] and losers [P, 6], normalised frame (as `Action` p0, p1). */
  w: Float32Array;
  l: Float32Array;
}

/** Decisive pairs of `data` as winner/loser rows (equal pairs dropped, y = 0 swapped). */
export function implicitPairs(observations: Observation[], data: PairData, groupOf?: Int32Array): ImplicitPairs {
  if (observations.length !== data.states.length)
    throw new Error(`implicitPairs: ${observations.length} observations for ${data.states.length} states`);
  if (groupOf && groupOf.length !== observations.length)
    throw new Error(`implicitPairs: field groupOf: ${groupOf.length} entries for ${observations.length} states`);
  const keep: number[] = [];
  data.y.forEach((y, i) => {
    if (y !== 0.5) keep.push(i);
  });
  const n = keep.length;
  const out: ImplicitPairs = {
    observations,
    ...(groupOf ? { groupOf } : {}),
    stateOf: new Int32Array(n),
    w: new Float32Array(n * ACTION_DIM),
    l: new Float32Array(n * ACTION_DIM),
  };
  keep.forEach((i, k) => {
    const [w, l] = data.y[i] === 1 ? [data.a, data.b] : [data.b, data.a];
    out.stateOf[k] = data.stateOf[i];
    out.w.set(w.subarray(i * ACTION_DIM, (i + 1) * ACTION_DIM), k * ACTION_DIM);
    out.l.set(l.subarray(i * ACTION_DIM, (i + 1) * ACTION_DIM), k * ACTION_DIM);
  });
  return out;
}

export interface ImplicitProgress {
  epoch: number;
  epochs: number;
  /** Mean DPO loss of the epoch. */
  loss: number;
  /** Fraction of the epoch's pair draws with Δ < 0 before their step (the winner favoured). */
  agree: number;
  /** Validation loss and fraction of validation draws with Δ < 0 after the epoch (NaN without a split). */
  valLoss: number;
  valAgree: number;
}

export interface ImplicitTrainOptions {
  /** Id given to the returned model. Default 'implicit'. */
  id?: string;
  onProgress?: (p: ImplicitProgress) => void;
}

export interface ImplicitTrainResult {
  model: ImplicitRewardModel;
  epochLosses: number[];
  /** Validation loss after each epoch (empty without a split). */
  valLosses: number[];
  /** Epoch (1-based) whose θ the model holds: the lowest validation loss, else the last. */
  bestEpoch: number;
  finalLoss: number;
  pairsPerSecond: number;
  /** Training and validation pairs (decisive). */
  trainPairs: number;
  valPairs: number;
}

/** The reference policy of a checkpoint (file or bytes). */
export function readPolicy(src: string | Uint8Array): { arch: PolicyArchitecture; nets: PolicyNets } {
  const ckpt = loadCheckpoint(src);
  const arch = parseArchitecture(ckpt.meta.architecture, typeof src === 'string' ? `policy ${src}` : 'policy');
  return { arch, nets: policyNets(arch, ckpt) };
}

/** Steps DPO training draws from: t ∈ [0, ⌊trainTFraction·T⌋), at least one. */
export function trainSteps(steps: number, cfg: Pick<ImplicitConfig, 'trainTFraction'>): number {
  return Math.max(1, Math.floor(steps * cfg.trainTFraction));
}

/** One batch of DPO feeds for pairs `idx`, each repeated `draws` times with its own t and ε. */
export function dpoFeeds(
  data: ImplicitPairs,
  pairIdx: ArrayLike<number>,
  arch: PolicyArchitecture,
  cfg: ImplicitConfig,
  rng: Rng,
  draws = cfg.pairDraws,
) {
  const idx = Int32Array.from({ length: pairIdx.length * draws }, (_, k) => pairIdx[Math.floor(k / draws)]);
  const b = idx.length,
    P = arch.network.points,
    schedule = makeNoiseSchedule(arch.schedule);
  const tMax = trainSteps(schedule.steps, cfg);
  const points = new Float32Array(b * P * 3),
    origin = new Float32Array(b * 3); // [B, P, 3], [B, 3]
  const w = new Float32Array(b * ACTION_DIM),
    l = new Float32Array(b * ACTION_DIM); // [B, 6] each
  const t = new Int32Array(b),
    eps = new Float32Array(b * ACTION_DIM); // [B], [B, 6]
  for (let k = 0; k < b; k++) {
    const i = idx[k],
      obs = data.observations[data.stateOf[i]];
    const pts = new Float32Array(P * 3);
    samplePointsInto(obs.points, P, rng, pts);
    const o = new Float32Array(worldOrigin(obs));
    const aw = data.w.slice(i * ACTION_DIM, (i + 1) * ACTION_DIM),
      al = data.l.slice(i * ACTION_DIM, (i + 1) * ACTION_DIM);
    if (cfg.rotate && arch.rotate) {
      const th = rng.uniform(0, 2 * Math.PI);
      for (const v of [pts, o, aw, al]) rotateXY(v, th);
    }
    points.set(pts, k * P * 3);
    origin.set(o, k * 3);
    w.set(aw, k * ACTION_DIM);
    l.set(al, k * ACTION_DIM);
    t[k] = rng.int(tMax);
    for (let c = 0; c < ACTION_DIM; c++) eps[k * ACTION_DIM + c] = rng.normal();
  }
  const noisy = new Float32Array(2 * b * ACTION_DIM); // [2, B, 6]: winners, then losers; same t and ε
  noisy.set(addNoise(schedule, normaliseRows(w, arch.actionRange), eps, t, ACTION_DIM), 0);
  noisy.set(addNoise(schedule, normaliseRows(l, arch.actionRange), eps, t, ACTION_DIM), b * ACTION_DIM);
  return {
    [IMPLICIT_IO.points]: tensor(points, [b, P, 3]),
    ...(arch.network.originInput ? { [IMPLICIT_IO.origin]: tensor(origin, [b, 3]) } : {}),
    [IMPLICIT_IO.noisy]: tensor(noisy, [2, b, ACTION_DIM]),
    [IMPLICIT_IO.eps]: tensor(eps, [b, ACTION_DIM]),
    [IMPLICIT_IO.t]: tensor(Float32Array.from(t), [b]),
  };
}

/** An implicit reward model from θ and ref nets (θ = ref gives r ≡ 0). */
export async function implicitModel(
  arch: PolicyArchitecture,
  theta: PolicyNets,
  ref: PolicyNets,
  cfg: ImplicitConfig,
  id: string,
  info: { training?: Record<string, unknown>; dataHash?: string; metrics?: Record<string, number> } = {},
): Promise<ImplicitRewardModel> {
  const g = buildScoreGraph(arch, theta, ref);
  const bytes = checkpointBytes(g, {
    outputs: [IMPLICIT_IO.d],
    info: {
      architecture: { kind: 'implicit', config: cfg, policy: arch as unknown as Record<string, unknown> },
      training: info.training ?? {},
      dataHash: info.dataHash ?? '',
      metrics: info.metrics ?? {},
    },
  });
  return new ImplicitRewardModel(id, await openModel(bytes), arch, cfg, bytes);
}

/**
 * Fine-tunes a copy of the policy in `policy` (checkpoint file or bytes) on `data` with the
 * DPO loss and returns the implicit reward model (caller frees it).
 */
export async function trainImplicit(
  data: ImplicitPairs,
  policy: string | Uint8Array,
  input: ImplicitConfigInput = {},
  opts: ImplicitTrainOptions = {},
): Promise<ImplicitTrainResult> {
  const cfg = parseImplicitConfig(input);
  if (data.stateOf.length === 0) throw new Error('trainImplicit: no decisive (winner, loser) pairs');
  const split = splitPairs(data, cfg.valFraction, cfg.seed);
  const train = split?.train ?? data;
  const p = train.stateOf.length;
  const { arch, nets } = readPolicy(policy);
  const rng = makeRng(cfg.seed);
  const dpo = buildDpoGraph(arch, nets, cfg);
  const trainer = await makeTrainer(dpo.graph, {
    loss: dpo.loss,
    params: dpo.thetaParams,
    outputs: { delta: dpo.delta },
    optimizer: { kind: 'adamw', lr: cfg.lr, weightDecay: cfg.weightDecay, clipNorm: cfg.clipNorm },
  });
  const epochLosses: number[] = [],
    valLosses: number[] = [];
  let best = { loss: Infinity, epoch: 0, params: [] as Float32Array[] };
  const t0 = performance.now();
  try {
    const valFeeds = split ? validationFeeds(split.val, arch, cfg) : [];
    for (let e = 0; e < cfg.epochs; e++) {
      let sum = 0,
        agree = 0;
      for (const b of epochBatches(p, cfg.batchSize, rng)) {
        const r = await trainer.step(dpoFeeds(train, b, arch, cfg, rng));
        sum += r.loss * b.length;
        for (const d of r.outputs.delta.data as Float32Array) if (d < 0) agree++;
      }
      epochLosses.push(sum / p);
      const val = split ? await validate(trainer, valFeeds) : { loss: NaN, agree: NaN };
      if (split) valLosses.push(val.loss);
      opts.onProgress?.({
        epoch: e + 1,
        epochs: cfg.epochs,
        loss: sum / p,
        agree: agree / (p * cfg.pairDraws),
        valLoss: val.loss,
        valAgree: val.agree,
      });
      if (!split) continue;
      if (val.loss < best.loss)
        best = { loss: val.loss, epoch: e + 1, params: trainer.optimizer.params.map((x) => x.slice()) };
      else if (e + 1 - best.epoch >= cfg.patience) break;
    }
    // The graph's θ parameters are views of the optimiser's: restoring them restores the graph.
    if (split && best.epoch < epochLosses.length) trainer.optimizer.params.forEach((x, k) => x.set(best.params[k]));
  } finally {
    await trainer.free();
  }
  const epochs = epochLosses.length,
    bestEpoch = split ? best.epoch : epochs;
  const pairsPerSecond = (p * epochs) / ((performance.now() - t0) / 1000);
  const finalLoss = epochLosses[bestEpoch - 1];
  const valPairs = split?.val.stateOf.length ?? 0;
  const model = await implicitModel(arch, netsFrom(nets, dpo.graph, THETA), nets, cfg, opts.id ?? 'implicit', {
    training: { pairs: p, valPairs, epochs, bestEpoch, epochLosses, valLosses },
    dataHash: hashData(
      data.w,
      data.l,
      new Uint8Array(data.stateOf.buffer, data.stateOf.byteOffset, data.stateOf.byteLength),
    ),
    metrics: { finalLoss, ...(split ? { valLoss: best.loss } : {}), epochsUsed: epochs, bestEpoch },
  });
  return { model, epochLosses, valLosses, bestEpoch, finalLoss, pairsPerSecond, trainPairs: p, valPairs };
}

/** Validation batches with `valDraws` draws per pair from a fixed seed, built once so every epoch reads the same. */
function validationFeeds(val: ImplicitPairs, arch: PolicyArchitecture, cfg: ImplicitConfig) {
  const rng = makeRng(seedFor.implicitValidation(cfg.seed)),
    n = val.stateOf.length,
    per = Math.max(1, Math.floor(256 / cfg.valDraws));
  const out: { feeds: ReturnType<typeof dpoFeeds>; rows: number }[] = [];
  for (let s = 0; s < n; s += per) {
    const idx = Int32Array.from({ length: Math.min(per, n - s) }, (_, k) => s + k);
    out.push({ feeds: dpoFeeds(val, idx, arch, cfg, rng, cfg.valDraws), rows: idx.length * cfg.valDraws });
  }
  return out;
}

/** Mean DPO loss and fraction of Δ < 0 over the validation batches at the current θ. */
async function validate(
  trainer: Trainer,
  batches: ReturnType<typeof validationFeeds>,
): Promise<{ loss: number; agree: number }> {
  let sum = 0,
    agree = 0,
    rows = 0;
  for (const b of batches) {
    const r = await trainer.evaluate(b.feeds);
    sum += r.loss * b.rows;
    rows += b.rows;
    for (const d of r.outputs.delta.data as Float32Array) if (d < 0) agree++;
  }
  return { loss: sum / rows, agree: agree / rows };
}
