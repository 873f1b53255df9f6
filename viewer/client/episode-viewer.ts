/**
 * The episode viewer (`prefsim view FILE`): one recorded episode in one panel on the shared clock,
 * with the transport's scrubbing, frame steps and speeds, and the step and metrics of the frame
 * on screen. It reuses the labelling page's stage, scene view and transport; nothing is sent back.
 */
import type { Frame, Metrics } from '../../sim/types.ts';
import { decodeFrameMessage, SceneInfoSchema, type EpisodeView } from '../protocol/index.ts';
import { PlaybackClock } from './clock.ts';
import { addGoal, addKeepOut, addObject, clipToTable, emptyBox, isEmpty } from './framing.ts';
import { SceneView } from './objects/scene-view.ts';
import { Stage } from './stage.ts';
import { byId, el } from './ui/dom.ts';
import { Transport } from './ui/transport.ts';
import { transportKey } from './ui/transport-key.ts';

/** Frames from the server's length-prefixed frame messages. */
function decodeFrames(bytes: ArrayBuffer): Frame[] {
  const frames: Frame[] = [];
  const dv = new DataView(bytes);
  for (let off = 0; off + 4 <= bytes.byteLength; ) {
    const len = dv.getUint32(off, true);
    frames.push(decodeFrameMessage(new Uint8Array(bytes, off + 4, len)).frame);
    off += 4 + len;
  }
  return frames;
}

const fmt = (m: Metrics): string =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${v.toFixed(3)}`)
    .join(' · ');

export class EpisodeViewer {
  readonly stage = new Stage(byId<HTMLCanvasElement>('view'));
  readonly clock = new PlaybackClock(30);
  readonly transport = new Transport(this.clock);
  #view: SceneView | null = null;
  #frames: Frame[] = [];
  #episode: EpisodeView | null = null;
  #lastStep = -2;
  #lastTime = 0;

  async open(): Promise<void> {
    document.body.dataset.state = 'connecting';
    const [meta, bin] = await Promise.all([fetch('episode.json'), fetch('episode.frames')]);
    if (!meta.ok || !bin.ok) throw new Error(`could not load the episode (HTTP ${meta.status}, ${bin.status})`);
    const episode = (await meta.json()) as EpisodeView;
    episode.info = SceneInfoSchema.parse(episode.info);
    this.#episode = episode;
    this.#frames = decodeFrames(await bin.arrayBuffer());
    byId('task').textContent = episode.task;
    byId('scene-title').textContent =
      `${episode.file}: seed ${episode.seed}, ${episode.steps.length} steps, ${this.#frames.length} frames`;
    byId('progress').hidden = true;
    byId('instruction').textContent =
      'Recorded episode: k play / pause · , . frame back / forward · [ ] slower / faster · drag the slider to ' +
      'scrub · drag to orbit';
    const root = byId('panels');
    root.className = 'flow-episode';
    const element = el(
      'div',
      { class: 'panel' },
      el('div', { class: 'panel-title' }, el('span', { text: episode.task })),
    );
    root.replaceChildren(element);
    this.#view = new SceneView(episode.info, episode.primitive);
    this.stage.add(element, this.#view);
    const box = emptyBox();
    for (const f of this.#frames) addObject(box, episode.info, f);
    addGoal(box, episode.info);
    addKeepOut(box, episode.info);
    clipToTable(box, episode.info.workspace.half);
    if (!isEmpty(box)) this.stage.frameOn(box);
    this.clock.reset((this.#frames.length - 1) / this.clock.fps);
    window.addEventListener('keydown', (e) => this.#key(e));
    document.body.dataset.state = 'episode';
    document.body.dataset.frames = 'complete';
    requestAnimationFrame(this.#loop);
  }

  /** Index of the step whose frames include `frame`. */
  #stepAt(frame: number): number {
    const steps = this.#episode?.steps ?? [];
    for (let i = 0; i < steps.length; i++) if (frame < steps[i].frameStart + steps[i].frameCount) return i;
    return steps.length - 1;
  }

  #showStep(frame: number): void {
    const step = this.#stepAt(frame);
    if (step === this.#lastStep || !this.#episode) return;
    this.#lastStep = step;
    const s = this.#episode.steps[step];
    byId('verdict').textContent = s
      ? `step ${step + 1} of ${this.#episode.steps.length} — after it: ${fmt(s.metrics)}`
      : '';
    document.body.dataset.step = String(step + 1);
  }

  #key(e: KeyboardEvent): void {
    if (transportKey(e.key, this.transport, this.clock)) e.preventDefault();
  }

  readonly #loop = (now: number): void => {
    const dt = this.#lastTime === 0 ? 0 : Math.min(0.1, (now - this.#lastTime) / 1000);
    this.#lastTime = now;
    this.clock.tick(dt);
    const i = Math.min(this.clock.frame, this.#frames.length - 1);
    const f = this.#frames[i];
    if (f && this.#view?.show(f)) this.stage.invalidate();
    this.#showStep(i);
    this.transport.update(this.#frames.length);
    this.stage.setMoving(this.clock.playing);
    this.stage.render();
    requestAnimationFrame(this.#loop);
  };
}
