/**
 * One playback clock shared by every panel of a query: play/pause, scrub, frame step, speed, loop.
 * A replay lasts at least `minReplay` seconds at 1× (short clips play slower, so a 0.4 s push can
 * be followed), and by default stops on the end state, which stays in view until replayed.
 */
export class PlaybackClock {
  /** Seconds into the rollouts (clip time). */
  t = 0;
  playing = true;
  speed = 1;
  /** Replay from the start after a hold at the end; off by default so the outcome stays in view. */
  loop = false;
  /** Seconds at the end of the longest rollout. */
  duration = 0;
  /** Pause at the end this long before looping, seconds (so the outcome can be seen). */
  hold = 1.2;
  /** Shortest wall-clock length of one replay at 1×, seconds. */
  minReplay = 1.5;
  #holding = 0;

  constructor(readonly fps: number) {}

  reset(duration: number): void {
    this.t = 0;
    this.duration = duration;
    this.#holding = 0;
    this.playing = true;
  }

  /** Clip seconds per wall second at 1×: below 1 when the clip is shorter than `minReplay`. */
  get stretch(): number {
    return this.duration > 0 && this.duration < this.minReplay ? this.duration / this.minReplay : 1;
  }

  /** True once a replay has reached the end state and is not looping. */
  get atEnd(): boolean {
    return this.t >= this.duration;
  }

  /** Advances by `dt` seconds of wall time. */
  tick(dt: number): void {
    if (!this.playing) return;
    if (this.t >= this.duration) {
      if (!this.loop) {
        this.t = this.duration;
        this.playing = false;
        return;
      }
      this.#holding += dt;
      if (this.#holding >= this.hold) {
        this.t = 0;
        this.#holding = 0;
      }
      return;
    }
    this.t = Math.min(this.duration, this.t + dt * this.speed * this.stretch);
  }

  get frame(): number {
    return Math.floor(this.t * this.fps + 1e-6);
  }

  step(frames: number): void {
    this.playing = false;
    this.t = Math.max(0, Math.min(this.duration, (this.frame + frames) / this.fps));
  }

  seek(t: number): void {
    this.t = Math.max(0, Math.min(this.duration, t));
    this.#holding = 0;
  }
}
