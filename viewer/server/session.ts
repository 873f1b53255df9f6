/**
 * One annotator's connection: hello (name, flow, token) → a stream of queries → labels, undo.
 * Every inbound message is parsed by the protocol; a bad one gets an error reply and the
 * connection stays usable. Leaving mid-query gives the query back to the pool.
 */
import { timingSafeEqual } from 'node:crypto';
import type { WebSocket } from 'ws';
import { decodeObservation, type PreferenceStore } from '../../reward/store/index.ts';
import {
  FLOW_CANDIDATES, MAX_CONTROL_BYTES, encodeMessage, message, parseMessage,
  type ErrorCode, type Flow, type MessageOf, type Progress, type ServerMessage,
} from '../protocol/index.ts';
import { writeLabel } from './label-writer.ts';
import { agrees, labelProblem } from './label-rules.ts';
import type { LiveModel } from './live-model/index.ts';
import type { PoolEntry, QueryPool } from './queries/index.ts';
import { FrameStreamer, type StreamOptions } from './frame-streamer.ts';

export interface SessionContext {
  store: PreferenceStore;
  pool: QueryPool;
  live: LiveModel;
  task: string;
  token: string | null;
  stream: StreamOptions;
  onError: (e: Error) => void;
}

interface Given { entry: PoolEntry; labelId: number; agree: boolean | null }

/** Undo reaches back this many labels. */
const UNDO_DEPTH = 20;

export class Session {
  annotator: string | null = null;
  flow: Flow | null = null;
  readonly streamer: FrameStreamer;
  #current: PoolEntry | null = null;
  #shownAt = 0;
  #history: Given[] = [];
  /** Queries set aside by undo, shown again before new ones. */
  #deferred: PoolEntry[] = [];
  #labels = 0;
  #firstShownAt = 0;
  #agreement = { agree: 0, total: 0 };
  #closed = false;
  #busy: Promise<void> = Promise.resolve();

  constructor(private readonly ws: WebSocket, private readonly ctx: SessionContext) {
    this.streamer = new FrameStreamer(ws, ctx.stream);
    ws.on('message', (data, isBinary) => {
      // Handle messages one at a time, in order, so a label and an undo cannot interleave.
      this.#busy = this.#busy.then(() => this.#receive(data as Buffer, isBinary)).catch((e) => {
        this.ctx.onError(e as Error);
        this.#error('internal', (e as Error).message, null);
      });
    });
    ws.on('close', () => this.close());
    ws.on('error', () => this.close());
  }

  get labels(): number { return this.#labels; }

  async #receive(data: Buffer, isBinary: boolean): Promise<void> {
    if (this.#closed) return;
    if (isBinary) {
      this.#error('malformed', 'binary messages go server → client only; send JSON text', null);
      return;
    }
    if (data.byteLength > MAX_CONTROL_BYTES) {
      this.#error('oversized', `control message of ${data.byteLength} bytes is larger than ${MAX_CONTROL_BYTES}`, null);
      return;
    }
    const r = parseMessage(data.toString('utf8'), 'server');
    if (!r.ok) { this.#error(r.issue.code, r.issue.message, r.issue.field); return; }
    const m = r.message;
    if (m.type === 'hello') return this.#hello(m);
    if (this.annotator === null) { this.#error('state', 'send hello (annotator, flow) first', 'type'); return; }
    if (m.type === 'label') return this.#label(m);
    if (m.type === 'undo') return this.#undo();
  }

  async #hello(m: MessageOf<'hello'>): Promise<void> {
    if (this.annotator !== null) { this.#error('state', `already signed in as ${this.annotator}`, 'type'); return; }
    if (this.ctx.token !== null && !sameSecret(m.token ?? '', this.ctx.token)) {
      this.#error('auth', 'field token: missing or wrong token', 'token');
      return;
    }
    this.annotator = m.annotator;
    this.flow = m.flow;
    this.#send(message('welcome', {
      annotator: m.annotator, flow: m.flow, task: this.ctx.task, k: FLOW_CANDIDATES[m.flow], progress: this.#progress(),
    }));
    await this.#next(false);
  }

  async #label(m: MessageOf<'label'>): Promise<void> {
    const entry = this.#current;
    if (!entry || entry.id !== m.queryId) {
      this.#error('state', `field queryId: query ${m.queryId} is not the one shown (${entry?.id ?? 'none'})`, 'queryId');
      return;
    }
    const k = entry.query.candidates.length;
    const problem = labelProblem(entry.query.flow, k, m.label);
    if (problem) { this.#error('invalid', problem, 'label'); return; }
    const liveModel = this.ctx.live.modelId;
    const labelId = writeLabel(this.ctx.store, {
      entry, label: m.label, annotator: this.annotator!, responseMs: m.responseMs ?? Date.now() - this.#shownAt,
      liveModels: liveModel ? [liveModel] : [],
    });
    this.#current = null;
    this.streamer.stop();
    this.#labels++;
    const prediction = await this.ctx.live.predict(decodeObservation(entry.query.observation), entry.query.candidates)
      .catch((e: Error) => { this.ctx.onError(e); return null; });
    const agree = prediction ? agrees(m.label, prediction) : null;
    if (agree !== null) { this.#agreement.total++; if (agree) this.#agreement.agree++; }
    this.#history.push({ entry, labelId, agree });
    if (this.#history.length > UNDO_DEPTH) this.#history.shift();
    this.#send(message('labelled', { queryId: entry.id, labelId, prediction, agree, progress: this.#progress() }));
    this.ctx.live.labelled();
    await this.#next(false);
  }

  async #undo(): Promise<void> {
    const last = this.#history.pop();
    if (!last) { this.#error('state', 'nothing to undo', null); return; }
    this.ctx.store.deleteLabel(last.labelId);
    this.#labels--;
    if (last.agree !== null) { this.#agreement.total--; if (last.agree) this.#agreement.agree--; }
    if (this.#current) this.#deferred.push(this.#current);
    this.#current = null;
    this.#send(message('undone', { queryId: last.entry.id, labelId: last.labelId, progress: this.#progress() }));
    this.#show(last.entry, true);
  }

  async #next(again: boolean): Promise<void> {
    const deferred = this.#deferred.pop();
    if (deferred) { this.#show(deferred, again); return; }
    if (this.ctx.pool.readyCount(this.flow!) === 0) this.#send(message('waiting', { reason: 'the simulator is rolling out the next query' }));
    let entry: PoolEntry;
    try {
      entry = await this.ctx.pool.take(this.flow!, this.annotator!);
    } catch (e) {
      if (!this.#closed) this.#error('internal', (e as Error).message, null);
      return;
    }
    if (this.#closed) { this.ctx.pool.release(entry, this.annotator!); return; }
    this.#show(entry, again);
  }

  #show(entry: PoolEntry, again: boolean): void {
    this.#current = entry;
    this.#shownAt = Date.now();
    if (this.#firstShownAt === 0) this.#firstShownAt = this.#shownAt;
    const q = entry.query;
    this.#send(message('query', {
      queryId: entry.id, flow: q.flow, scene: q.scene, candidates: q.worldCandidates,
      frameCounts: q.frames.map((f) => f.length), again,
    }));
    void this.streamer.stream(entry);
  }

  #progress(): Progress {
    const minutes = this.#firstShownAt === 0 ? 0 : (Date.now() - this.#firstShownAt) / 60_000;
    return {
      labels: this.#labels,
      perMinute: minutes > 0 ? this.#labels / minutes : 0,
      labelAccuracy: this.ctx.live.labelAccuracy()?.value ?? null,
      labelPairs: this.ctx.live.labelAccuracy()?.n ?? null,
      modelId: this.ctx.live.modelId,
      agreement: { ...this.#agreement },
    };
  }

  /** Tells the client the model changed (after a hot swap). */
  notifyProgress(): void {
    if (this.annotator !== null) this.#send(message('progress', { progress: this.#progress() }));
  }

  #error(code: ErrorCode, text: string, field: string | null): void {
    this.#send(message('error', { code, message: text, field }));
  }

  #send(m: ServerMessage): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(encodeMessage(m));
  }

  /** Stops streaming and gives back any unlabelled query. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.streamer.stop();
    if (this.annotator !== null) {
      for (const e of [this.#current, ...this.#deferred]) if (e) this.ctx.pool.release(e, this.annotator);
    }
    this.#current = null;
    this.#deferred = [];
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
