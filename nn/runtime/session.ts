/**
 * onnxruntime-node sessions: creation with prefsim's defaults (one intra-op thread, sequential,
 * quiet logs) and `InferenceModel`, a batch-size-agnostic `run(feeds) → outputs` wrapper.
 */
import * as ort from 'onnxruntime-node';
import type { OnnxIO } from '../onnx/ir.ts';
import { checkFeeds, fromOrt, toOrt, type Feeds, type TensorData } from './tensor-data.ts';

/** Session options. */
export interface SessionConfig {
  /** Intra-op threads for ORT. Default 1 (the 2-core machine runs several sessions at once). */
  threads?: number;
}

/** Creates an ORT session from ONNX bytes with prefsim defaults. Caller must `release()` it. */
export function createSession(bytes: Uint8Array, cfg: SessionConfig = {}): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes, {
    intraOpNumThreads: cfg.threads ?? 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });
}

/** Base for owners of one ORT session: idempotent `free()`, use-after-free guard. */
export class SessionOwner {
  private session: ort.InferenceSession | null;
  private freeing: Promise<void> | null = null;

  constructor(
    session: ort.InferenceSession,
    protected readonly label: string,
  ) {
    this.session = session;
  }

  /** The live session; throws after `free()`. */
  protected get live(): ort.InferenceSession {
    if (!this.session) throw new Error(`${this.label}: used after free()`);
    return this.session;
  }

  /** Releases the native session. Safe to call more than once. */
  free(): Promise<void> {
    if (!this.freeing) {
      const s = this.session;
      this.session = null;
      this.freeing = s ? s.release() : Promise.resolve();
    }
    return this.freeing;
  }

  get freed(): boolean {
    return this.session === null;
  }
}

/** A loaded model: `run(feeds)` checks feeds against the signature and returns every output. */
export class InferenceModel extends SessionOwner {
  constructor(
    session: ort.InferenceSession,
    /** Graph inputs (symbolic dims such as 'B' accept any size). */
    readonly inputs: readonly OnnxIO[],
    /** Graph outputs. */
    readonly outputs: readonly OnnxIO[],
    label = 'InferenceModel',
    /** Extra inputs fed on every run, outside `inputs` (e.g. live parameters). */
    private readonly bound: Record<string, ort.Tensor> = {},
  ) {
    super(session, label);
  }

  /** Creates the session for `bytes` whose signature is `inputs`/`outputs` (plus `bound` inputs). */
  static async create(
    bytes: Uint8Array,
    inputs: OnnxIO[],
    outputs: OnnxIO[],
    cfg: SessionConfig = {},
    label?: string,
    bound?: Record<string, ort.Tensor>,
  ): Promise<InferenceModel> {
    return new InferenceModel(await createSession(bytes, cfg), inputs, outputs, label, bound);
  }

  /** Runs the model once. Feed names, dtypes and shapes are checked first. */
  async run(feeds: Feeds): Promise<Record<string, TensorData>> {
    const s = this.live;
    checkFeeds(this.label, this.inputs, feeds);
    const ortFeeds: Record<string, ort.Tensor> = { ...this.bound };
    for (const k in feeds) ortFeeds[k] = toOrt(feeds[k]);
    const res = await s.run(ortFeeds);
    const out: Record<string, TensorData> = {};
    for (const o of this.outputs) out[o.name] = fromOrt(res[o.name] as ort.Tensor);
    return out;
  }
}
