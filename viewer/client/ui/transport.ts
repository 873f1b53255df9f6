/** Play/pause, scrub, frame step, speed and loop for the shared clock. */
import type { PlaybackClock } from '../clock.ts';
import { byId } from './dom.ts';

export const SPEEDS = [0.25, 0.5, 1, 2, 4];

export class Transport {
  readonly #play = byId<HTMLButtonElement>('play');
  readonly #scrub = byId<HTMLInputElement>('scrub');
  readonly #time = byId('time');
  readonly #speed = byId<HTMLSelectElement>('speed');
  readonly #loop = byId<HTMLInputElement>('loop');
  #lastFrame = -1;
  #lastLabel = '';

  constructor(private readonly clock: PlaybackClock) {
    this.#play.onclick = () => this.toggle();
    byId('step-back').onclick = () => clock.step(-1);
    byId('step-fwd').onclick = () => clock.step(1);
    this.#scrub.oninput = () => {
      clock.playing = false;
      clock.seek(Number(this.#scrub.value) / clock.fps);
    };
    for (const s of SPEEDS) this.#speed.append(new Option(`${s}×`, String(s), s === 1, s === 1));
    this.#speed.onchange = () => {
      clock.speed = Number(this.#speed.value);
    };
    this.#loop.onchange = () => {
      clock.loop = this.#loop.checked;
    };
  }

  toggle(): void {
    if (!this.clock.playing && this.clock.t >= this.clock.duration) this.clock.seek(0);
    this.clock.playing = !this.clock.playing;
  }

  faster(dir: 1 | -1): void {
    const i = SPEEDS.indexOf(this.clock.speed);
    this.clock.speed = SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, i + dir))];
    this.#speed.value = String(this.clock.speed);
  }

  toggleLoop(): void {
    this.clock.loop = !this.clock.loop;
    this.#loop.checked = this.clock.loop;
  }

  /** Called each animation frame; touches the DOM only when something changed. */
  update(frames: number): void {
    const f = this.clock.frame;
    if (f !== this.#lastFrame) {
      this.#lastFrame = f;
      this.#scrub.max = String(Math.max(0, frames - 1));
      this.#scrub.value = String(f);
      this.#time.textContent = `${Math.min(f + 1, frames)} / ${frames}`;
    }
    const label = this.clock.playing ? '❚❚ pause' : this.clock.atEnd ? '↺ replay' : '▶ play';
    if (label !== this.#lastLabel) {
      this.#lastLabel = label;
      this.#play.textContent = label;
    }
  }
}
