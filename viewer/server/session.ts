/**
 * One annotator's connection: hello (name, flow, token) → a stream of queries → labels, undo.
 * Every inbound message is parsed by the protocol; a bad one gets an error reply and the
 * connection stays usable. Leaving mid-query gives the query back to the pool (if it can use it).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { WebSocket } from 'ws';
import type { Label } from '../../reward/labels/index.ts';
import { decodeObservation, type LabelRecord, type PreferenceStore } from '../../reward/store/index.ts';
import {
  FLOW_CANDIDATES,
  MAX_CONTROL_BYTES,
  encodeMessage,
  message,
  parseMessage,
  type ErrorCode,
  type Flow,
  type MessageOf,
  type Prediction,
  type Progress,
  type ServerMessage,
} from '../protocol/index.ts';
import { writeLabel } from './label-writer.ts';
import { agrees, labelProblem } from './label-rules.ts';
import type { LiveModel } from './live-model/index.ts';
import type { PoolEntry, QueryPool } from './queries/index.ts';
import { FrameStreamer, type StreamOptions } from './frame-streamer.ts';
import { sameSecret } from './access.ts';
import type { AuthGuard } from './auth-guard.ts';
import { TokenBucket } from './rate-limit.ts';
import { giveBack, type PoolShape } from './give-back.ts';
import type { CheckQueries } from './stats-check-queries.ts';
import { endFigures, pastLabels, sameLabel } from './stats-past-labels.ts';

/** Limits one connection lives under (issue 17, item 2). */
export interface SessionLimits {
  /** Wrong tokens before the connection is closed. */
  maxWrongTokens: number;
  messagesPerSecond: number;
  messageBurst: number;
  /** Bytes queued on the socket above which the client counts as not reading and is dropped. */
  maxQueuedBytes: number;
  /** A connection not signed in (right hello) by then is closed, ms. */
  helloTimeoutMs: number;
}

export interface SessionContext {
  store: PreferenceStore;
  pool: QueryPool;
  /** The pool's look-ahead and redundancy: how many given-back queries it can use. */
  poolShape: PoolShape;
  live: LiveModel;
  task: string;
  token: string | null;
  stream: StreamOptions;
  /** Remote address, for the per-address token guard and the log. */
  address: string;
  guard: AuthGuard;
  limits: SessionLimits;
  onError: (e: Error) => void;
  /** One line for the service log (refused tokens, dropped clients); never holds a token. */
  onNotice: (text: string) => void;
  /** Called once, at the right hello: the connection no longer counts as pending. */
  onSignedIn?: () => void;
  /** Gold and repeated queries, and the labelled queries kept for replay (none: neither). */
  checks?: CheckQueries;
  /** A stored query not kept in memory, rolled out again (a label from before the server started). */
  replayStored?: (queryId: number) => Promise<PoolEntry>;
}

/** WebSocket close code for a policy violation (RFC 6455 §7.4.1). */
export const CLOSE_POLICY = 1008;

interface Given {
  entry: PoolEntry;
  labelId: number;
  agree: boolean | null;
}

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
  readonly #bucket: TokenBucket;
  #wrongTokens = 0;
  #helloTimer: NodeJS.Timeout | null = null;
  /** Queries this annotator undid, with the retracted label a relabel revises. */
  readonly #undone = new Map<number, number>();
  /** Error replies not sent because the client was not reading. */
  droppedReplies = 0;
  /** The live model's prediction for the query on screen, asked for when it is shown. */
  #prediction: { id: number; pending: Promise<Prediction | null> } | null = null;
  /** Queries shown from the label browser, with the label a relabel revises. */
  readonly #reviewing = new Map<number, { labelId: number; label: Label }>();

  constructor(
    private readonly ws: WebSocket,
    private readonly ctx: SessionContext,
  ) {
    this.streamer = new FrameStreamer(ws, ctx.stream);
    this.#bucket = new TokenBucket(ctx.limits.messagesPerSecond, ctx.limits.messageBurst);
    this.#armHelloTimer();
    ws.on('message', (data, isBinary) => {
      if (this.#closed) return;
      // Checked on arrival, before any work is queued, so a flood costs a few messages' work.
      if (!this.#bucket.take()) {
        this.#drop(
          `sent more than ${ctx.limits.messageBurst} messages faster than ${ctx.limits.messagesPerSecond} per second`,
        );
        return;
      }
      // Handle messages one at a time, in order, so a label and an undo cannot interleave.
      this.#busy = this.#busy
        .then(() => this.#receive(data as Buffer, isBinary))
        .catch((e) => {
          this.ctx.onError(e as Error);
          this.#error('internal', (e as Error).message, null);
        });
    });
    ws.on('close', () => this.close());
    ws.on('error', () => this.close());
  }

  get labels(): number {
    return this.#labels;
  }

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
    if (!r.ok) {
      this.#error(r.issue.code, r.issue.message, r.issue.field);
      return;
    }
    const m = r.message;
    if (m.type === 'hello') return this.#hello(m);
    if (this.annotator === null) {
      this.#error('state', 'send hello (annotator, flow) first', 'type');
      return;
    }
    if (m.type === 'label') return this.#label(m);
    if (m.type === 'undo') return this.#undo();
    if (m.type === 'list-labels') return this.#listLabels();
    if (m.type === 'review') return this.#review(m.labelId);
  }

  async #hello(m: MessageOf<'hello'>): Promise<void> {
    if (this.annotator !== null) {
      this.#error('state', `already signed in as ${this.annotator}`, 'type');
      return;
    }
    if (this.ctx.token !== null) {
      const { guard, address } = this.ctx;
      const wait = guard.delayMs(address);
      // The guard's delay may outlast the hello timeout: a right token after it still signs in.
      this.#clearHelloTimer();
      if (wait > 0) await delay(wait);
      if (this.#closed) return;
      if (!sameSecret(m.token ?? '', this.ctx.token)) {
        const fromAddress = guard.failed(address);
        this.#wrongTokens++;
        const last = this.#wrongTokens >= this.ctx.limits.maxWrongTokens;
        this.ctx.onNotice(
          `wrong token from ${address} (annotator ${JSON.stringify(m.annotator)}): ${this.#wrongTokens} on this ` +
            `connection, ` +
            `${fromAddress} from this address${last ? '; connection closed' : ''}`,
        );
        this.#error('auth', 'field token: missing or wrong token', 'token');
        if (last) this.#closeWith(CLOSE_POLICY, `${this.#wrongTokens} wrong tokens`);
        else this.#armHelloTimer();
        return;
      }
      guard.succeeded(address);
    }
    this.annotator = m.annotator;
    this.flow = m.flow;
    this.#clearHelloTimer();
    this.ctx.onSignedIn?.();
    this.#send(
      message('welcome', {
        annotator: m.annotator,
        flow: m.flow,
        task: this.ctx.task,
        k: FLOW_CANDIDATES[m.flow],
        progress: this.#progress(),
      }),
    );
    await this.#next(false);
  }

  async #label(m: MessageOf<'label'>): Promise<void> {
    const entry = this.#current;
    if (!entry || entry.id !== m.queryId) {
      this.#error(
        'state',
        `field queryId: query ${m.queryId} is not the one shown (${entry?.id ?? 'none'})`,
        'queryId',
      );
      return;
    }
    const k = entry.query.candidates.length;
    const problem = labelProblem(entry.query.flow, k, m.label);
    if (problem) {
      this.#error('invalid', problem, 'label');
      return;
    }
    const liveModel = this.ctx.live.modelId;
    const review = this.#reviewing.get(entry.id);
    this.#reviewing.delete(entry.id);
    if (review && sameLabel(review.label, m.label)) {
      // The same answer again: the label stands, and no revision is written.
      this.#current = null;
      this.streamer.stop();
      const prediction = await this.#predictionFor(entry);
      const agree = prediction ? agrees(m.label, prediction) : null;
      this.#send(
        message('labelled', {
          queryId: entry.id,
          labelId: review.labelId,
          prediction,
          agree,
          progress: this.#progress(),
        }),
      );
      await this.#next(false);
      return;
    }
    const write = () =>
      writeLabel(this.ctx.store, {
        entry,
        label: m.label,
        annotator: this.annotator!,
        responseMs: m.responseMs ?? Date.now() - this.#shownAt,
        liveModels: liveModel ? [liveModel] : [],
        revises: review?.labelId ?? this.#undone.get(entry.id) ?? null,
      });
    // A relabel from the browser retracts the old label and stores its revision in one transaction.
    const labelId = review
      ? this.ctx.store.transaction(() => {
          this.ctx.store.retractLabel(review.labelId);
          return write();
        })
      : write();
    this.#undone.delete(entry.id);
    this.ctx.checks?.noteLabelled(entry, this.annotator!);
    this.#current = null;
    this.streamer.stop();
    if (!review) this.#labels++;
    const prediction = await this.#predictionFor(entry);
    const agree = prediction ? agrees(m.label, prediction) : null;
    if (review) {
      // Undo of a revised label now undoes its revision.
      for (const h of this.#history) if (h.labelId === review.labelId) h.labelId = labelId;
    } else {
      if (agree !== null) {
        this.#agreement.total++;
        if (agree) this.#agreement.agree++;
      }
      this.#history.push({ entry, labelId, agree });
      if (this.#history.length > UNDO_DEPTH) this.#history.shift();
    }
    this.#send(message('labelled', { queryId: entry.id, labelId, prediction, agree, progress: this.#progress() }));
    this.ctx.live.labelled();
    await this.#next(false);
  }

  async #undo(): Promise<void> {
    const last = this.#history.pop();
    if (!last) {
      this.#error('state', 'nothing to undo', null);
      return;
    }
    this.ctx.store.retractLabel(last.labelId);
    this.#undone.set(last.entry.id, last.labelId);
    this.#labels--;
    if (last.agree !== null) {
      this.#agreement.total--;
      if (last.agree) this.#agreement.agree--;
    }
    if (this.#current) this.#deferred.push(this.#current);
    this.#current = null;
    this.#send(message('undone', { queryId: last.entry.id, labelId: last.labelId, progress: this.#progress() }));
    this.#show(last.entry, true);
  }

  /** The annotator's past labels of this task, newest first, for the label browser. */
  #listLabels(): void {
    const replayable = (queryId: number) => this.ctx.replayStored !== undefined || this.#kept(queryId) !== undefined;
    const items = pastLabels(this.ctx.store, this.ctx.task, this.annotator!, replayable);
    this.#send(message('labels', { items }));
  }

  /** Shows the query of a past label again; labelling it then writes a revision of that label. */
  async #review(labelId: number): Promise<void> {
    let label: LabelRecord | null;
    try {
      label = this.ctx.store.getLabel(labelId);
    } catch {
      label = null;
    }
    if (!label || label.annotator !== this.annotator) {
      this.#error('invalid', `field labelId: ${labelId} is not one of your labels`, 'labelId');
      return;
    }
    if (this.ctx.store.labelRevision(labelId).retractedAt !== null) {
      const text = `field labelId: label ${labelId} was undone or revised; review its newest revision`;
      this.#error('state', text, 'labelId');
      return;
    }
    let entry = this.#kept(label.queryId);
    if (!entry && this.ctx.replayStored) {
      try {
        entry = await this.ctx.replayStored(label.queryId);
      } catch (e) {
        this.#error(
          'internal',
          `field labelId: label ${labelId} could not be replayed: ${(e as Error).message}`,
          'labelId',
        );
        return;
      }
      if (this.#closed) return;
    }
    if (!entry) {
      const text =
        `field labelId: label ${labelId}'s replay is not held by this server ` +
        '(only queries labelled since it started are)';
      this.#error('state', text, 'labelId');
      return;
    }
    if (this.#current && this.#current.id !== entry.id) this.#deferred.push(this.#current);
    this.#reviewing.set(entry.id, { labelId, label: label.label });
    this.#show(entry, true);
  }

  /** The kept query whose store id is `queryId`, as a fresh showing. */
  #kept(queryId: number): PoolEntry | undefined {
    return this.ctx.checks?.stored(this.annotator!, queryId);
  }

  async #next(again: boolean): Promise<void> {
    const deferred = this.#deferred.pop();
    if (deferred) {
      this.#show(deferred, again);
      return;
    }
    const check = this.ctx.checks?.pick(this.annotator!, this.flow!);
    if (check?.entry) {
      this.#show(check.entry, false);
      return;
    }
    const checks = this.ctx.checks;
    const preferGold = check && checks ? (e: PoolEntry) => checks.isGold(e) : undefined;
    if (this.ctx.pool.readyCount(this.flow!) === 0)
      this.#send(message('waiting', { reason: 'the simulator is rolling out the next query' }));
    let entry: PoolEntry;
    try {
      entry = await this.ctx.pool.take(this.flow!, this.annotator!, preferGold);
    } catch (e) {
      if (!this.#closed) this.#error('internal', (e as Error).message, null);
      return;
    }
    if (this.#closed) {
      giveBack(this.ctx.pool, entry, this.annotator!, this.ctx.poolShape);
      return;
    }
    this.#show(entry, again);
  }

  #show(entry: PoolEntry, again: boolean): void {
    this.#current = entry;
    this.#shownAt = Date.now();
    if (this.#firstShownAt === 0) this.#firstShownAt = this.#shownAt;
    const q = entry.query;
    const review = this.#reviewing.get(entry.id);
    this.#send(
      message('query', {
        queryId: entry.id,
        flow: q.flow,
        scene: q.scene,
        candidates: q.worldCandidates,
        frameCounts: q.frames.map((f) => f.length),
        again,
        figures: endFigures(q.task, q.metrics),
        ...(review ? { review } : {}),
      }),
    );
    void this.streamer.stream(entry);
    // Asked now, sent when ready; the client keeps it hidden until the annotator asks (anchoring).
    const pending = this.#predict(entry);
    this.#prediction = { id: entry.id, pending };
    void pending.then((prediction) => {
      if (this.#current === entry) this.#send(message('prediction', { queryId: entry.id, prediction }));
    });
  }

  /** The prediction asked for when `entry` was shown, unless the model was swapped since. */
  async #predictionFor(entry: PoolEntry): Promise<Prediction | null> {
    const asked = this.#prediction?.id === entry.id ? await this.#prediction.pending : null;
    return asked && asked.modelId === this.ctx.live.modelId ? asked : this.#predict(entry);
  }

  #predict(entry: PoolEntry): Promise<Prediction | null> {
    return this.ctx.live
      .predict(decodeObservation(entry.query.observation), entry.query.candidates)
      .catch((e: Error) => {
        this.ctx.onError(e);
        return null;
      });
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

  /** Error replies are advisory: dropped, like frames, while the client is not reading. */
  #error(code: ErrorCode, text: string, field: string | null): void {
    this.#send(message('error', { code, message: text, field }), true);
  }

  #send(m: ServerMessage, droppable = false): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    const queued = this.ws.bufferedAmount;
    if (queued > this.ctx.limits.maxQueuedBytes) {
      this.#drop(`not reading: ${queued} bytes queued`);
      return;
    }
    if (droppable && queued > this.ctx.stream.highWaterBytes) {
      this.droppedReplies++;
      return;
    }
    this.ws.send(encodeMessage(m));
  }

  /** Closes politely (the client sees the code and reason). */
  #closeWith(code: number, reason: string): void {
    this.close();
    this.ws.close(code, reason);
  }

  /** Cuts a client that floods or does not read: no close handshake to queue behind its backlog. */
  #drop(reason: string): void {
    if (this.#closed) return;
    this.ctx.onNotice(
      `disconnected ${this.ctx.address}` +
        `${this.annotator === null ? '' : ` (annotator ${JSON.stringify(this.annotator)})`}: ${reason}`,
    );
    this.close();
    this.ws.terminate();
  }

  /** Closes the connection unless it signs in within the hello timeout. */
  #armHelloTimer(): void {
    const ms = this.ctx.limits.helloTimeoutMs;
    this.#helloTimer = setTimeout(() => {
      this.#helloTimer = null;
      if (this.annotator !== null || this.#closed) return;
      this.ctx.onNotice(`closed ${this.ctx.address}: no right hello within ${ms} ms`);
      this.#closeWith(CLOSE_POLICY, `no hello within ${ms} ms`);
    }, ms);
  }

  #clearHelloTimer(): void {
    if (this.#helloTimer) clearTimeout(this.#helloTimer);
    this.#helloTimer = null;
  }

  /** Stops streaming and gives back any unlabelled query. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#clearHelloTimer();
    this.streamer.stop();
    if (this.annotator !== null) {
      for (const e of [this.#current, ...this.#deferred]) {
        if (e) giveBack(this.ctx.pool, e, this.annotator, this.ctx.poolShape);
      }
    }
    this.#current = null;
    this.#deferred = [];
  }
}
