/**
 * Trainer: one ORT session running loss + parameter gradients as a single ONNX graph, built
 * once; parameters are fed as inputs (zero-copy views of the live Float32Arrays), ORT writes
 * the gradients straight into the optimiser's buffers, and Adam/AdamW updates in place.
 *
 * On creation the trained parameters move into the optimiser's memory and `graph.paramData`
 * points at those views, so `graph.params()`, checkpoints and `makeInferenceModel` always see
 * the current weights. Use one trainer per graph at a time.
 *
 * ```ts
 * const trainer = await makeTrainer(graph, { loss, optimizer: { lr: 1e-3 } });
 * try {
 *   for (const idx of batches) {
 *     const { loss } = await trainer.step({ x: tensor(xb, [idx.length, 64]), y: tensor(yb, [idx.length, 1]) });
 *   }
 * } finally { await trainer.free(); }
 * ```
 */
import type * as ort from 'onnxruntime-node';
import type { Graph, Tensor } from '../graph/graph.ts';
import { GraphError } from '../graph/shape.ts';
import { encodeModel } from '../onnx/codec.ts';
import { forwardSpec, LOSS_OUTPUT, trainingSpec } from '../onnx/export.ts';
import type { OnnxIO } from '../onnx/ir.ts';
import { createSession, InferenceModel, SessionOwner, type SessionConfig } from '../runtime/session.ts';
import { checkFeeds, fromOrt, toOrt, type Feeds, type TensorData } from '../runtime/tensor-data.ts';
import { Adam, type OptimizerConfigInput, type StepInfo } from './optimizer.ts';

/** What to train and how. */
export interface TrainerConfig extends SessionConfig {
  /** Scalar loss built in `graph`. */
  loss: Tensor;
  /** Parameters to update; default every parameter of the graph the loss depends on. */
  params?: Tensor[];
  /** Adam/AdamW settings (defaults: Adam, lr 1e-3, no decay, no clipping, constant rate). */
  optimizer?: OptimizerConfigInput;
  /** Extra values returned by every step and by `evaluate` (e.g. predictions). */
  outputs?: Record<string, Tensor>;
  /** Skip the name/dtype/shape checks of feeds each step (saves a few microseconds). Default false. */
  trustFeeds?: boolean;
}

/** Result of one training step. */
export interface TrainStepResult extends StepInfo {
  /** Loss before this step's update. */
  loss: number;
  /** Optimiser steps taken so far (including this one). */
  step: number;
  /** Extra outputs requested in the config. */
  outputs: Record<string, TensorData>;
}

/** Owns the training session (and a forward-only session made on first `evaluate`). */
export class Trainer extends SessionOwner {
  readonly optimizer: Adam;
  /** Inputs the caller feeds each step (parameters are fed by the trainer). */
  readonly inputs: readonly OnnxIO[];
  /** Names of the parameters being updated, in optimiser order. */
  readonly trainedNames: readonly string[];
  private readonly paramFeeds: Record<string, ort.Tensor> = {};
  private readonly fetches: Record<string, ort.Tensor | null>;
  private readonly allFeeds: Record<string, ort.Tensor>;
  /** Trained parameters the loss does not reach: their gradient is zero. */
  private readonly zeroGrads: number[];
  private evalModel: InferenceModel | null = null;

  constructor(
    session: ort.InferenceSession,
    private readonly graph: Graph,
    private readonly cfg: TrainerConfig,
    dataInputs: OnnxIO[],
    private readonly trained: { id: number; name: string; grad: string | undefined }[],
    fedParams: { id: number; name: string }[],
  ) {
    super(session, 'Trainer');
    this.inputs = dataInputs;
    this.trainedNames = trained.map((t) => t.name);
    this.optimizer = new Adam(
      cfg.optimizer ?? {},
      trained.map((t) => graph.paramData.get(t.id) as Float32Array),
    );
    // Trained parameters now live in the optimiser's memory: the graph points at those views.
    trained.forEach((t, k) => graph.paramData.set(t.id, this.optimizer.params[k]));
    for (const p of fedParams) {
      const data = graph.paramData.get(p.id) as Float32Array;
      this.paramFeeds[p.name] = toOrt({ data, shape: graph.values[p.id].shape as number[] });
    }
    this.allFeeds = { ...this.paramFeeds };
    // ORT writes each gradient straight into the optimiser's gradient buffer.
    this.fetches = { [LOSS_OUTPUT]: null };
    trained.forEach((t, k) => {
      if (t.grad)
        this.fetches[t.grad] = toOrt({ data: this.optimizer.grads[k], shape: graph.values[t.id].shape as number[] });
    });
    for (const name of Object.keys(cfg.outputs ?? {})) this.fetches[name] = null;
    this.zeroGrads = trained.flatMap((t, k) => (t.grad ? [] : [k]));
  }

  private feedsFor(feeds: Feeds): Record<string, ort.Tensor> {
    if (!this.cfg.trustFeeds) checkFeeds('Trainer', this.inputs, feeds);
    const all = this.allFeeds; // parameters stay bound; data inputs are replaced each step
    for (const k in feeds) all[k] = toOrt(feeds[k]);
    return all;
  }

  /** Loss and gradients at the current parameters, without updating them. */
  async gradients(
    feeds: Feeds,
  ): Promise<{ loss: number; grads: Map<string, Float32Array>; outputs: Record<string, TensorData> }> {
    const res = await this.live.run(this.feedsFor(feeds), this.fetches);
    const grads = new Map<string, Float32Array>();
    this.trained.forEach((t, k) =>
      grads.set(t.name, t.grad ? this.optimizer.grads[k].slice() : new Float32Array(this.optimizer.grads[k].length)),
    );
    return { loss: (res[LOSS_OUTPUT].data as Float32Array)[0], grads, outputs: this.extras(res) };
  }

  /** One optimisation step on one mini-batch. */
  async step(feeds: Feeds): Promise<TrainStepResult> {
    const res = await this.live.run(this.feedsFor(feeds), this.fetches);
    for (const k of this.zeroGrads) this.optimizer.grads[k].fill(0);
    const info = this.optimizer.update();
    return {
      loss: (res[LOSS_OUTPUT].data as Float32Array)[0],
      step: this.optimizer.step,
      ...info,
      outputs: this.extras(res),
    };
  }

  /** Loss and extra outputs at the current parameters (forward only; no update). */
  async evaluate(feeds: Feeds): Promise<{ loss: number; outputs: Record<string, TensorData> }> {
    void this.live; // use-after-free guard
    if (!this.evalModel) {
      const outs: [string, number][] = [
        [LOSS_OUTPUT, this.cfg.loss.id],
        ...Object.entries(this.cfg.outputs ?? {}).map(([n, t]): [string, number] => [n, t.id]),
      ];
      const spec = forwardSpec(this.graph, outs, 'inputs', 'prefsim-eval');
      const dataInputs = spec.inputs.filter((i) => !(i.name in this.paramFeeds));
      const bound = Object.fromEntries(
        spec.inputs.filter((i) => i.name in this.paramFeeds).map((i) => [i.name, this.paramFeeds[i.name]]),
      );
      this.evalModel = await InferenceModel.create(
        encodeModel(spec),
        dataInputs,
        spec.outputs,
        this.cfg,
        'Trainer.evaluate',
        bound,
      );
    }
    const { [LOSS_OUTPUT]: loss, ...outputs } = await this.evalModel.run(feeds);
    return { loss: (loss.data as Float32Array)[0], outputs };
  }

  private extras(res: ort.InferenceSession.OnnxValueMapType): Record<string, TensorData> {
    const out: Record<string, TensorData> = {};
    for (const k of Object.keys(this.cfg.outputs ?? {})) out[k] = fromOrt(res[k] as ort.Tensor);
    return out;
  }

  /** Frees the training session and the evaluation session, if any. Idempotent. */
  override async free(): Promise<void> {
    const ev = this.evalModel;
    this.evalModel = null;
    await Promise.all([super.free(), ev?.free()]);
  }
}

/** Builds the training graph for `cfg.loss`, creates its session once, and returns the trainer. */
export async function makeTrainer(graph: Graph, cfg: TrainerConfig): Promise<Trainer> {
  const wrt = cfg.params ?? [...graph.paramData.keys()].map((id) => graph.paramByName(graph.values[id].name));
  if (wrt.length === 0) throw new GraphError('makeTrainer: the graph has no parameters to train');
  const ts = trainingSpec(graph, cfg.loss, wrt, cfg.outputs);
  const fed = new Set(ts.params.map((p) => p.id));
  const trained = wrt
    .filter((p) => fed.has(p.id))
    .map((p) => ({ id: p.id, name: p.name, grad: ts.gradOutputs.get(p.id) }));
  if (trained.length === 0)
    throw new GraphError(`makeTrainer: the loss depends on none of the ${wrt.length} parameters`);
  const session = await createSession(encodeModel(ts.spec), cfg);
  return new Trainer(session, graph, cfg, ts.dataInputs, trained, ts.params);
}
