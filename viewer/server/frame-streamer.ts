/**
 * Streams one query's rollouts to one socket at a fixed rate: each tick sends the next frame of
 * every candidate. Backpressure: a frame is dropped (and counted) while the socket has more than
 * `highWaterBytes` queued; the last frame of each rollout is never dropped, only delayed, so the
 * outcome is always shown. Drops are reported to the client in a `dropped` message.
 */
import type { WebSocket } from 'ws';
import { encodeMessage, message, START_STATE, withHeader } from '../protocol/index.ts';
import type { PoolEntry } from './queries/index.ts';

export interface StreamOptions {
  /** Frames per second of each rollout on the wire (30 = real time). */
  fps: number;
  /** Bytes queued on the socket above which frames are dropped. */
  highWaterBytes: number;
}

export interface StreamStats {
  sent: number;
  dropped: number;
  bytes: number;
}

export class FrameStreamer {
  #timer: NodeJS.Timeout | null = null;
  readonly total: StreamStats = { sent: 0, dropped: 0, bytes: 0 };

  constructor(
    private readonly ws: WebSocket,
    private readonly opts: StreamOptions,
  ) {}

  /** Streams `entry` from its start state; replaces any stream in progress. Resolves when done or stopped. */
  stream(entry: PoolEntry): Promise<StreamStats> {
    this.stop();
    const { frames, startFrame } = entry.query;
    const stats: StreamStats = { sent: 0, dropped: 0, bytes: 0 };
    const send = (bytes: Uint8Array) => {
      this.ws.send(bytes);
      stats.sent++;
      stats.bytes += bytes.byteLength;
      this.total.sent++;
      this.total.bytes += bytes.byteLength;
    };
    send(withHeader({ queryId: entry.id, candidate: START_STATE, index: 0, count: 0 }, startFrame));
    const longest = Math.max(0, ...frames.map((f) => f.length));
    let tick = 0;
    return new Promise((resolve) => {
      const step = () => {
        if (this.ws.readyState !== this.ws.OPEN) {
          this.stop();
          resolve(stats);
          return;
        }
        let waiting = false;
        for (let c = 0; c < frames.length; c++) {
          const f = frames[c];
          if (tick >= f.length) continue;
          const last = tick === f.length - 1;
          if (this.ws.bufferedAmount > this.opts.highWaterBytes) {
            if (last) {
              waiting = true;
              continue;
            }
            stats.dropped++;
            this.total.dropped++;
            continue;
          }
          send(withHeader({ queryId: entry.id, candidate: c, index: tick, count: f.length }, f[tick]));
        }
        // Hold the tick on a rollout's last frame until the socket drains.
        if (!waiting) tick++;
        if (tick >= longest) {
          this.stop();
          if (stats.dropped > 0) {
            this.ws.send(
              encodeMessage(
                message('dropped', {
                  queryId: entry.id,
                  frames: stats.dropped,
                  reason: `socket had more than ${this.opts.highWaterBytes} bytes queued`,
                }),
              ),
            );
          }
          resolve(stats);
        }
      };
      this.#resolve = () => resolve(stats);
      this.#timer = setInterval(step, 1000 / this.opts.fps);
      step();
    });
  }

  #resolve: (() => void) | null = null;

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    const r = this.#resolve;
    this.#resolve = null;
    r?.();
  }
}
