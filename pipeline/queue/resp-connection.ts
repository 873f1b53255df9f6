/**
 * One TCP connection speaking RESP2, shaped like Bun's `RedisClient` (`send`, `connected`,
 * `onconnect`/`onclose`, async `duplicate`), so BullMQ's own Bun adapter (`createBunRedisClient`)
 * drives it: BullMQ keeps all of its Redis logic (scripts, transactions, reconnection, blocking
 * reads); this file only moves bytes.
 *
 * Why it exists: BullMQ 6 made `ioredis` an optional peer dependency and the project does not
 * install it. Once `ioredis` is a dependency, `connection.ts` can hand BullMQ plain options and
 * this file can go.
 */
import { connect as netConnect, type Socket } from 'node:net';

type Reply = string | number | null | Error | Reply[];
interface Waiting { resolve(v: Reply): void; reject(e: Error): void }

const CRLF = Buffer.from('\r\n');

export class RespConnection {
  connected = false;
  onconnect: () => void = () => {};
  onclose: (error?: Error) => void = () => {};
  onerror: (error: Error) => void = () => {};
  #socket: Socket | null = null;
  #waiting: Waiting[] = [];
  #buf: Buffer = Buffer.alloc(0);
  #closedByUs = false;

  constructor(readonly host: string, readonly port: number) {}

  get url(): string {
    return `redis://${this.host}:${this.port}`;
  }

  connect(): Promise<void> {
    if (this.connected) return Promise.resolve();
    this.#closedByUs = false;
    return new Promise((resolve, reject) => {
      const s = netConnect({ host: this.host, port: this.port });
      s.setNoDelay(true);
      const onError = (e: Error) => { s.destroy(); reject(e); };
      s.once('error', onError);
      s.once('connect', () => {
        s.off('error', onError);
        this.#socket = s;
        this.connected = true;
        s.on('data', (chunk: Buffer) => this.#onData(chunk));
        s.on('error', (e) => this.onerror(e));
        s.on('close', () => this.#onClose());
        this.onconnect();
        resolve();
      });
    });
  }

  /** Sends one command; resolves with its reply, rejects with Redis's error reply. */
  send<T = any>(command: string, args: (string | number | Buffer | Uint8Array)[]): Promise<T> {
    const s = this.#socket;
    if (!this.connected || !s) return Promise.reject(new Error('Connection closed'));
    const parts: Buffer[] = [Buffer.from(`*${args.length + 1}\r\n$${Buffer.byteLength(command)}\r\n${command}\r\n`)];
    for (const a of args) {
      const b = typeof a === 'string' ? Buffer.from(a) : typeof a === 'number' ? Buffer.from(String(a)) : Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      parts.push(Buffer.from(`$${b.length}\r\n`), b, CRLF);
    }
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({ resolve: resolve as (v: Reply) => void, reject });
      s.write(Buffer.concat(parts));
    });
  }

  get(key: string): Promise<string | null> {
    return this.send('GET', [key]) as Promise<string | null>;
  }

  smembers(key: string): Promise<unknown[]> {
    return this.send('SMEMBERS', [key]) as Promise<unknown[]>;
  }

  incr(key: string): Promise<number> {
    return this.send('INCR', [key]) as Promise<number>;
  }

  close(): void {
    this.#closedByUs = true;
    this.#socket?.destroy();
  }

  disconnect(): void {
    this.close();
  }

  async duplicate(): Promise<this> {
    return new RespConnection(this.host, this.port) as this;
  }

  #onClose(): void {
    const wasConnected = this.connected;
    this.connected = false;
    this.#socket = null;
    this.#buf = Buffer.alloc(0);
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const w of waiting) w.reject(new Error('Connection closed'));
    if (wasConnected) this.onclose(this.#closedByUs ? undefined : new Error('Connection closed unexpectedly'));
  }

  #onData(chunk: Buffer): void {
    this.#buf = this.#buf.length ? Buffer.concat([this.#buf, chunk]) : chunk;
    let off = 0;
    for (;;) {
      const r = parseReply(this.#buf, off);
      if (!r) break;
      off = r.next;
      const w = this.#waiting.shift();
      if (!w) continue;
      if (r.value instanceof Error) w.reject(r.value);
      else w.resolve(r.value);
    }
    this.#buf = off === this.#buf.length ? Buffer.alloc(0) : this.#buf.subarray(off);
  }
}

/** Parses one RESP2 reply at `off`; undefined when the buffer does not hold all of it yet. */
function parseReply(buf: Buffer, off: number): { value: Reply; next: number } | undefined {
  if (off >= buf.length) return undefined;
  const eol = buf.indexOf(CRLF, off);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buf[off]);
  const line = buf.toString('utf8', off + 1, eol);
  const next = eol + 2;
  switch (type) {
    case '+': return { value: line, next };
    case '-': return { value: new Error(line), next };
    case ':': return { value: Number(line), next };
    case '$': {
      const len = Number(line);
      if (len < 0) return { value: null, next };
      if (buf.length < next + len + 2) return undefined;
      return { value: buf.toString('utf8', next, next + len), next: next + len + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, next };
      const items: Reply[] = [];
      let at = next;
      for (let i = 0; i < n; i++) {
        const r = parseReply(buf, at);
        if (!r) return undefined;
        items.push(r.value);
        at = r.next;
      }
      return { value: items, next: at };
    }
    default: throw new Error(`redis: unexpected reply type "${type}"`);
  }
}
