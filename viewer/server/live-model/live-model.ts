/**
 * The live reward model: every `retrainEvery` labels a worker thread retrains the ensemble on
 * the store; when it finishes the new model is loaded and swapped in between two predictions.
 * One training at a time; labels arriving meanwhile trigger one more run afterwards.
 * The default trainer module is the explicit Bradley–Terry ensemble of reward/models/live-ensemble.ts;
 * with none configured it stays empty and says so.
 */
import { runnableModule } from '../../../core/compiled-module.ts';
import type { Worker } from 'node:worker_threads';
import type { PreferenceStore } from '../../../reward/store/index.ts';
// Direct file import: the server's main thread reads registry rows without loading the models.
import { readLabelAccuracy } from '../../../reward/models/registry-metrics.ts';
import type { Action, Observation } from '../../../sim/index.ts';
import { spawnTsWorker } from '../workers/spawn.ts';
import type { CandidatePrediction, RewardPredictor, TrainerModule } from './reward-trainer.ts';

export interface LiveModelOptions {
  store: PreferenceStore;
  task: string;
  /** Labels between retrainings. */
  retrainEvery: number;
  /** File URL of a module exporting `trainer` and `loader`, or null for no live model. */
  trainerModule: URL | null;
  /** Passed to the trainer as `TrainRequest.options`. */
  trainerOptions?: Record<string, unknown>;
  onSwap?: (modelId: string) => void;
  onError?: (e: Error) => void;
}

export class LiveModel {
  #predictor: RewardPredictor | null = null;
  /** Predictions running on each predictor: a swapped-out one is freed only after its own finish. */
  readonly #inFlight = new WeakMap<RewardPredictor, Set<Promise<unknown>>>();
  #worker: Worker | null = null;
  #loader: TrainerModule['loader'] | null = null;
  #sinceTrain = 0;
  #running: Promise<void> | null = null;
  #again = false;
  #closed = false;
  #nextId = 1;
  #trainerName = '';

  constructor(private readonly opts: LiveModelOptions) {}

  /** Loads the newest registered model of the task, if the trainer module can read it. */
  async start(): Promise<void> {
    if (!this.opts.trainerModule) return;
    const mod = (await import(runnableModule(this.opts.trainerModule).url.href)) as TrainerModule;
    this.#loader = mod.loader;
    this.#trainerName = mod.trainer.name;
    const latest = this.#latestId();
    // A registered model the loader cannot open (file moved, other kind) is reported, not fatal.
    if (latest)
      await this.#swap(latest).catch((e: Error) =>
        this.opts.onError?.(new Error(`live model ${latest}: ${e.message}`)),
      );
  }

  get modelId(): string | null {
    return this.#predictor?.modelId ?? null;
  }

  /** Why there is no model, for the status line. */
  get status(): string {
    if (!this.opts.trainerModule) return 'no live reward model (trainer: none): predictions off';
    const what =
      `live reward model: ${this.#trainerName || 'trainer'}, retrained every ${this.opts.retrainEvery}` + ` labels`;
    return this.#predictor ? `${what}; now ${this.#predictor.modelId}` : `${what}; none trained yet`;
  }

  /**
   * The live model's held-out `labelAccuracy` and its pairs n, as the trainer registered them
   * (rows of older stores: their `heldOutAccuracy`), or null.
   */
  labelAccuracy(): { value: number | null; n: number | null } | null {
    const id = this.modelId;
    const rec = id ? this.opts.store.getModel(id) : undefined;
    if (!rec) return null;
    const acc = readLabelAccuracy(rec.metrics);
    // No decisive held-out pair yet: no figure, but its n (0) still says why.
    const n = typeof rec.metrics.labelPairs === 'number' ? rec.metrics.labelPairs : null;
    return acc ? { value: acc.value, n: acc.n } : n === null ? null : { value: null, n };
  }

  async predict(obs: Observation, candidates: Action[]): Promise<(CandidatePrediction & { modelId: string }) | null> {
    const p = this.#predictor;
    if (!p) return null;
    const running = this.#inFlight.get(p) ?? new Set<Promise<unknown>>();
    this.#inFlight.set(p, running);
    const call = p.predict(obs, candidates);
    running.add(call);
    try {
      return { ...(await call), modelId: p.modelId };
    } finally {
      running.delete(call);
    }
  }

  /** Counts a stored label; starts a retraining every `retrainEvery`. Returns the running training, if any. */
  labelled(): Promise<void> | null {
    if (!this.opts.trainerModule || this.#closed) return null;
    if (++this.#sinceTrain < this.opts.retrainEvery) return this.#running;
    this.#sinceTrain = 0;
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#trainLoop().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #trainLoop(): Promise<void> {
    do {
      this.#again = false;
      try {
        const id = await this.#train();
        if (id && !this.#closed) await this.#swap(id);
      } catch (e) {
        this.opts.onError?.(e as Error);
      }
    } while (this.#again && !this.#closed);
  }

  #train(): Promise<string | null> {
    if (!this.#worker) {
      this.#worker = spawnTsWorker(new URL('./train-worker.ts', import.meta.url), {
        module: runnableModule(this.opts.trainerModule!).url.href,
      });
      this.#worker.unref();
    }
    const w = this.#worker;
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (m: { id: number; ok: boolean; modelId?: string | null; error?: string }) => {
        if (m.id !== id) return;
        w.off('message', onMessage);
        w.off('error', onError);
        if (m.ok) resolve(m.modelId ?? null);
        else reject(new Error(`reward training: ${m.error}`));
      };
      const onError = (e: Error) => {
        w.off('message', onMessage);
        reject(e);
      };
      w.on('message', onMessage);
      w.once('error', onError);
      w.postMessage({
        id,
        dbPath: this.opts.store.path,
        task: this.opts.task,
        parent: this.modelId,
        options: this.opts.trainerOptions ?? {},
      });
    });
  }

  async #swap(modelId: string): Promise<void> {
    const record = this.opts.store.getModel(modelId);
    if (!record || !this.#loader) return;
    const next = await this.#loader.load(record);
    const old = this.#predictor;
    this.#predictor = next;
    if (old) await this.#release(old);
    this.opts.onSwap?.(modelId);
  }

  /** Frees a predictor once the predictions already running on it have finished. */
  async #release(p: RewardPredictor): Promise<void> {
    await Promise.allSettled([...(this.#inFlight.get(p) ?? [])]);
    await p.free();
  }

  #latestId(): string | undefined {
    return this.opts.store.listModels({ task: this.opts.task, kind: 'explicit' }).at(-1)?.id;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#running?.catch(() => undefined);
    const p = this.#predictor;
    this.#predictor = null;
    if (p) await this.#release(p);
    await this.#worker?.terminate();
    this.#worker = null;
  }
}
