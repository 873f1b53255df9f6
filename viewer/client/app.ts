/**
 * The annotation app: connects, shows each query in the chosen flow on one clock, sends labels,
 * and shows progress and the live model's verdict. On request it shows the model's prediction for
 * the query on screen (p), end-state figures (f), a ghost of the start state (g) and the label
 * browser (h). The render loop allocates nothing.
 */
import type * as THREE from 'three';
import type { Label } from '../../reward/labels/label-schema.ts';
import type { Frame } from '../../sim/types.ts';
import {
  message,
  START_STATE,
  type Flow,
  type FrameHeader,
  type Prediction,
  type ServerMessage,
} from '../protocol/index.ts';
import { PlaybackClock } from './clock.ts';
import { Connection } from './connection.ts';
import { FrameStore } from './frame-store.ts';
import { addActions, addGoal, addKeepOut, addObject, clipToTable, emptyBox, isEmpty } from './framing.ts';
import type { AnnotationFlow, FlowHost, Query } from './flows/flow.ts';
import { makePairFlow } from './flows/pair-flow.ts';
import { makeRankingFlow } from './flows/ranking-flow.ts';
import { makeTripletFlow } from './flows/triplet-flow.ts';
import { makeStartGhost } from './objects/start-ghost.ts';
import { Stage } from './stage.ts';
import { byId, el } from './ui/dom.ts';
import { addEndFigures } from './ui/end-figures.ts';
import { describeLabel, LabelBrowser } from './ui/label-browser.ts';
import { describeCurrent, describePrediction, showProgress, toast } from './ui/status.ts';
import { Transport } from './ui/transport.ts';
import { transportKey } from './ui/transport-key.ts';

export class App {
  readonly stage = new Stage(byId<HTMLCanvasElement>('view'));
  readonly clock = new PlaybackClock(30);
  readonly transport = new Transport(this.clock);
  #conn: Connection | null = null;
  #query: Query | null = null;
  #frames: FrameStore | null = null;
  #pendingStart: Frame | null = null;
  #flow: AnnotationFlow | null = null;
  #lastTime = 0;
  #sent = false;
  /** The model's prediction for the query on screen: undefined until the server's arrives. */
  #prediction: Prediction | null | undefined = undefined;
  /** Shown only once asked for (p): a visible prediction anchors the label. */
  #showPrediction = false;
  #ghosts: THREE.Object3D[] = [];
  readonly browser = new LabelBrowser(
    () => this.#conn?.send(message('list-labels', {})),
    (labelId) => this.#conn?.send(message('review', { labelId })),
  );

  constructor(
    private readonly annotator: string,
    private readonly flowName: Flow,
  ) {
    document.body.dataset.state = 'connecting';
    document.body.dataset.quality = this.stage.quality.name;
    window.addEventListener('keydown', (e) => this.#key(e));
    byId('link').onclick = () => this.#toggleLink();
    byId('help-close').onclick = () => this.#help(false);
    byId('history-open').onclick = () => this.browser.toggle();
    document.body.dataset.figures = 'off';
    document.body.dataset.ghost = 'off';
    requestAnimationFrame(this.#loop);
  }

  async connect(token: string | undefined): Promise<void> {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
    this.#conn = new Connection(url, {
      onMessage: (m) => this.#onMessage(m),
      onFrame: (h, f) => this.#onFrame(h, f),
      onClose: (r) => {
        document.body.dataset.state = 'closed';
        toast(`Disconnected: ${r}. Reload to continue.`, 'error');
      },
    });
    await this.#conn.opened();
    this.#conn.send(message('hello', { annotator: this.annotator, flow: this.flowName, ...(token ? { token } : {}) }));
  }

  #onMessage(m: ServerMessage): void {
    switch (m.type) {
      case 'welcome':
        byId('task').textContent = m.task;
        showProgress(m.progress);
        break;
      case 'query':
        this.#show(m);
        break;
      case 'labelled':
        showProgress(m.progress);
        // The verdict is about the query just labelled, not the one now on screen: say so.
        byId('verdict').textContent =
          `Your last label: ${describePrediction(m.prediction, m.agree, this.#flow?.names ?? [])}`;
        document.body.dataset.labels = String(m.progress.labels);
        break;
      case 'undone':
        showProgress(m.progress);
        document.body.dataset.labels = String(m.progress.labels);
        byId('verdict').textContent = '';
        toast('Last label undone: label this query again.');
        break;
      case 'progress':
        showProgress(m.progress);
        break;
      case 'prediction':
        if (m.queryId !== this.#query?.queryId) break;
        this.#prediction = m.prediction;
        this.#showCurrent();
        break;
      case 'labels':
        this.browser.render(m.items);
        break;
      case 'waiting':
        document.body.dataset.state = 'waiting';
        break;
      case 'dropped':
        toast(`${m.frames} frames were dropped (${m.reason}); the outcome frames are complete.`);
        break;
      case 'error':
        this.#sent = false;
        toast(`${m.code}: ${m.message}`, 'error');
        break;
    }
  }

  #show(q: Query): void {
    this.stage.clear();
    const root = byId('panels');
    root.replaceChildren();
    root.className = `flow-${q.flow}`;
    this.#query = q;
    document.body.dataset.frames = '';
    this.#frames = new FrameStore(q.queryId, q.frameCounts);
    if (this.#pendingStart) {
      this.#frames.start = this.#pendingStart;
      this.#pendingStart = null;
    }
    const host: FlowHost = { stage: this.stage, root, submit: (l) => this.#submit(l), undo: () => this.#undo() };
    this.#flow =
      q.flow === 'pair'
        ? makePairFlow(host, q)
        : q.flow === 'triplet'
          ? makeTripletFlow(host, q)
          : makeRankingFlow(host, q, this.#frames.start?.particles ?? null);
    this.clock.reset((this.#frames.length - 1) / this.clock.fps);
    this.#frame();
    this.#sent = false;
    const helpRows = this.#flow.help.map(([k, v]) => el('tr', {}, el('td', { text: k }), el('td', { text: v })));
    byId('help-flow').replaceChildren(...helpRows);
    byId('scene-title').textContent = q.scene.title;
    byId('scene-title').title = q.scene.better;
    byId('instruction').textContent = q.review
      ? `Relabelling your earlier answer (${describeLabel(q.review.label)}): ` +
        'answer again to revise it; the same answer keeps it.'
      : this.#flow.instruction;
    document.body.dataset.review = q.review ? 'on' : 'off';
    addEndFigures(root, q.figures);
    this.#ghosts = [];
    this.#addGhosts();
    this.#prediction = undefined;
    // Hidden again on every new query: asking once must not anchor every later label.
    this.#showPrediction = false;
    this.#showCurrent();
    document.body.dataset.state = 'query';
    document.body.dataset.queryId = String(q.queryId);
    if (q.review) toast('Replaying your earlier label: answer again to revise it.');
    else if (q.again) toast('Shown again after undo.');
  }

  #onFrame(h: FrameHeader, f: Frame): void {
    if (h.candidate === START_STATE) {
      // The start frame is sent right after the query message; keep it if it comes first anyway.
      if (this.#frames?.queryId === h.queryId) {
        this.#frames.start = f;
        this.#frame();
        this.#addGhosts();
      } else this.#pendingStart = f;
      return;
    }
    if (this.#frames?.queryId !== h.queryId) return;
    this.#frames.put(h.candidate, h.index, f);
    if (this.#frames.complete && document.body.dataset.frames !== 'complete') {
      this.#frame();
      document.body.dataset.frames = 'complete';
    }
  }

  /** Frames the cameras on the object (start and every rollout frame so far), the goal and the actions. */
  #frame(): void {
    const q = this.#query,
      frames = this.#frames;
    if (!q || !frames) return;
    const box = emptyBox();
    if (frames.start) addObject(box, q.scene, frames.start);
    // Every frame that has arrived (a fling lifts the cloth mid-rollout); once per query, not per frame.
    for (const rollout of frames.frames) for (const f of rollout) if (f) addObject(box, q.scene, f);
    addGoal(box, q.scene);
    addKeepOut(box, q.scene);
    addActions(box, q.candidates);
    clipToTable(box, q.scene.workspace.half);
    if (!isEmpty(box)) this.stage.frameOn(box);
  }

  /** The start state over each outcome panel, once per query when its start frame is in. */
  #addGhosts(): void {
    const start = this.#frames?.start,
      scene = this.#query?.scene;
    if (!start || !scene || !this.#flow || this.#ghosts.length > 0) return;
    for (const s of this.#flow.sources) {
      if (s.candidate < 0) continue;
      const ghost = makeStartGhost(start, scene);
      ghost.object.visible = document.body.dataset.ghost === 'on';
      s.view.add(ghost);
      this.#ghosts.push(ghost.object);
    }
    this.stage.invalidate();
  }

  #toggleGhost(): void {
    const on = document.body.dataset.ghost !== 'on';
    document.body.dataset.ghost = on ? 'on' : 'off';
    for (const g of this.#ghosts) g.visible = on;
    this.stage.invalidate();
  }

  #showCurrent(): void {
    byId('prediction').textContent = describeCurrent(this.#prediction, this.#showPrediction, this.#flow?.names ?? []);
    document.body.dataset.prediction = this.#showPrediction ? 'shown' : 'hidden';
  }

  #submit(label: Label): void {
    if (!this.#query || this.#sent) return;
    this.#sent = true;
    document.body.dataset.frames = '';
    this.#conn?.send(message('label', { queryId: this.#query.queryId, label }));
  }

  #undo(): void {
    this.#conn?.send(message('undo', {}));
  }

  #toggleLink(): void {
    this.stage.setLinked(!this.stage.linked);
    byId('link').textContent = this.stage.linked ? 'cameras: linked (c)' : 'cameras: free (c)';
  }

  #help(show?: boolean): void {
    const h = byId('help');
    h.hidden = show === undefined ? !h.hidden : !show;
  }

  #key(e: KeyboardEvent): void {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) {
      if (e.target.type !== 'range' && e.target.type !== 'checkbox') return;
    }
    let handled = true;
    switch (e.key) {
      case '?':
        this.#help();
        break;
      case 'Escape':
        this.#help(false);
        this.browser.hide();
        break;
      case 'u':
        this.#undo();
        break;
      case 'c':
        this.#toggleLink();
        break;
      case 'p':
        this.#showPrediction = !this.#showPrediction;
        this.#showCurrent();
        break;
      case 'f':
        document.body.dataset.figures = document.body.dataset.figures === 'on' ? 'off' : 'on';
        break;
      case 'g':
        this.#toggleGhost();
        break;
      case 'h':
        this.browser.toggle();
        break;
      default:
        handled = transportKey(e.key, this.transport, this.clock) || (!this.#sent && (this.#flow?.key(e) ?? false));
    }
    if (handled) e.preventDefault();
  }

  readonly #loop = (now: number): void => {
    const dt = this.#lastTime === 0 ? 0 : Math.min(0.1, (now - this.#lastTime) / 1000);
    this.#lastTime = now;
    const flow = this.#flow,
      frames = this.#frames;
    if (flow && frames) {
      this.clock.tick(dt);
      const i = this.clock.frame;
      for (let p = 0; p < flow.sources.length; p++) {
        const s = flow.sources[p];
        const f = s.candidate < 0 ? frames.start : frames.at(s.candidate, i);
        if (f && s.view.show(f)) this.stage.invalidate();
      }
      this.transport.update(frames.length);
      this.stage.setMoving(this.clock.playing);
    }
    // Renders only when a shown frame, a camera or the layout changed: a paused page costs nothing.
    this.stage.render();
    requestAnimationFrame(this.#loop);
  };
}
