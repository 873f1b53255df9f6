/**
 * The frames of the current query as they arrive: the start state and [K][F_k] rollout frames.
 * Missing (dropped or not yet arrived) frames are shown as the nearest earlier one.
 */
import type { Frame } from '../../sim/types.ts';

export class FrameStore {
  start: Frame | null = null;
  readonly frames: (Frame | null)[][];
  received = 0;

  constructor(
    readonly queryId: number,
    readonly counts: number[],
  ) {
    this.frames = counts.map((n) => new Array<Frame | null>(n).fill(null));
  }

  put(candidate: number, index: number, frame: Frame): void {
    const f = this.frames[candidate];
    if (!f || index >= f.length) return;
    if (f[index] === null) this.received++;
    f[index] = frame;
  }

  /** The frame to show for `candidate` at frame `index`: the latest one at or before it, else the start. */
  at(candidate: number, index: number): Frame | null {
    const f = this.frames[candidate];
    for (let i = Math.min(index, f.length - 1); i >= 0; i--) if (f[i] !== null) return f[i];
    return this.start;
  }

  /** Longest rollout, frames. */
  get length(): number {
    let n = 0;
    for (const c of this.counts) if (c > n) n = c;
    return n;
  }

  /** True when every rollout's last frame is here. */
  get complete(): boolean {
    return this.frames.every((f) => f.length === 0 || f[f.length - 1] !== null);
  }
}
