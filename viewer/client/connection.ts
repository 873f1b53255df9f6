/** The browser side of the wire: JSON control messages checked by the shared schema, binary frames decoded. */
import type { Frame } from '../../sim/types.ts';
import {
  CLOSE_TOO_BIG,
  MAX_MESSAGE_BYTES,
  decodeFrameMessage,
  encodeMessage,
  message,
  parseMessage,
  type ClientMessage,
  type FrameHeader,
  type ServerMessage,
} from '../protocol/index.ts';

export interface ConnectionHandlers {
  onMessage(m: ServerMessage): void;
  onFrame(h: FrameHeader, f: Frame): void;
  onClose(reason: string): void;
}

export class Connection {
  readonly #ws: WebSocket;

  constructor(
    url: string,
    readonly h: ConnectionHandlers,
  ) {
    this.#ws = new WebSocket(url);
    this.#ws.binaryType = 'arraybuffer';
    this.#ws.onmessage = (ev) => {
      if (ev.data instanceof ArrayBuffer) {
        try {
          const d = decodeFrameMessage(new Uint8Array(ev.data));
          h.onFrame(d.header, d.frame);
        } catch (e) {
          h.onMessage(
            message('error', {
              code: 'malformed',
              message: `bad frame from server: ${(e as Error).message}`,
              field: null,
            }),
          );
        }
        return;
      }
      const r = parseMessage(String(ev.data), 'client');
      if (r.ok) h.onMessage(r.message as ServerMessage);
      else
        h.onMessage(
          message('error', {
            code: r.issue.code,
            message: `bad message from server: ${r.issue.message}`,
            field: r.issue.field,
          }),
        );
    };
    this.#ws.onclose = (ev) =>
      h.onClose(
        ev.code === CLOSE_TOO_BIG
          ? `the server closed the connection: a message was larger than ${MAX_MESSAGE_BYTES} bytes (1009); ` +
              `reload to continue`
          : ev.reason || `connection closed (${ev.code})`,
      );
  }

  opened(): Promise<void> {
    if (this.#ws.readyState === WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#ws.addEventListener('open', () => resolve(), { once: true });
      this.#ws.addEventListener('error', () => reject(new Error('could not connect to the server')), { once: true });
    });
  }

  send(m: ClientMessage): void {
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(encodeMessage(m));
  }
}
