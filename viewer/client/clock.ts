/** One playback clock shared by every panel of a query: play/pause, scrub, frame step, speed, loop. */
export class PlaybackClock {
  /** Seconds into the rollouts. */
  t = 0;
  playing = true;
  speed = 1;
  loop = true;
  /** Seconds at the end of the longest rollout. */
  duration = 0;
  /** Pause at the end this long before looping, seconds (so the outcome can be seen). */
  hold = 0.8;
  #holding = 0;

  constructor(readonly fps: number) {}

  reset(duration: number): void {
    this.t = 0; this.duration = duration; this.#holding = 0; this.playing = true;
  }

  /** Advances by `dt` seconds of wall time. */
  tick(dt: number): void {
    if (!this.playing) return;
    if (this.t >= this.duration) {
      if (!this.loop) { this.t = this.duration; return; }
      this.#holding += dt;
      if (this.#holding >= this.hold) { this.t = 0; this.#holding = 0; }
      return;
    }
    this.t = Math.min(this.duration, this.t + dt * this.speed);
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
