/**
 * The preference service: Node http (bundle + static assets) and ws (/ws) on one port, the
 * rollout worker and query pool, the store, and the live reward model.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { openStore, type PreferenceStore } from '../../reward/store/index.ts';
import { describeIssues } from '../../reward/labels/index.ts';
import { getTask } from '../../sim/index.ts';
import { isLoopback, ServeConfigSchema, type ServeConfig, type ServeConfigInput } from './config.ts';
import { checkHost, checkHttpToken, checkOrigin, type AccessPolicy, type Verdict } from './access.ts';
import { AuthGuard } from './auth-guard.ts';
import { PendingConnections } from './pending-connections.ts';
import { MAX_MESSAGE_BYTES, type Flow } from '../protocol/index.ts';
import { LiveModel } from './live-model/index.ts';
import { QueryPool, QueryPreparer, type LiveModelRef, type PreparedQuery } from './queries/index.ts';
import { storedQueryReplayer } from './stored-queries.ts';
import { Session } from './session.ts';
import { serveStatic } from './static-files.ts';
import { annotatorQuality } from './stats-setup.ts';
import { handleStatsRoute } from './stats-routes.ts';

export interface ViewerServer {
  /** Base URL, `http://host:port/`. */
  readonly url: string;
  /** The URL to open: `url` with `?token=…` when a token is in force (print this one). */
  readonly openUrl: string;
  readonly port: number;
  readonly config: ServeConfig;
  /** The token in force (generated per start unless given); null: none (loopback only). */
  readonly token: string | null;
  readonly store: PreferenceStore;
  readonly pool: QueryPool;
  readonly live: LiveModel;
  /** The candidate source in use (`auto` resolved) and what it is. */
  readonly candidates: { name: string; detail: string };
  readonly sessions: ReadonlySet<Session>;
  /** Sizes of everything the server keeps per connection or per address: all 0 once clients have left. */
  retained(): RetainedCounts;
  close(): Promise<void>;
}

export interface RetainedCounts {
  sessions: number;
  /** Sockets the WebSocket server tracks. */
  sockets: number;
  /** Connections not signed in yet, and the addresses they come from. */
  pending: number;
  pendingAddresses: number;
  /** Addresses with recent wrong tokens (cleared by a right one, forgotten after 15 minutes). */
  guardedAddresses: number;
}

export interface ServerEvents {
  /** Non-fatal problems (a failed rollout, a failed retraining). */
  onError?: (e: Error) => void;
  onSwap?: (modelId: string) => void;
  /** Log lines about access: refused origins, wrong tokens, dropped clients. They never hold a token. */
  onNotice?: (text: string) => void;
  /** Each query as it is prepared: the selector that chose it, its score and the draws skipped. */
  onQuery?: (q: PreparedQuery) => void;
}

export async function startViewerServer(input: ServeConfigInput, events: ServerEvents = {}): Promise<ViewerServer> {
  const parsed = ServeConfigSchema.safeParse(input);
  if (!parsed.success) throw new Error(`serve: ${describeIssues(parsed.error, input)}`);
  const config = parsed.data;
  const onError = events.onError ?? (() => undefined);
  const onNotice = events.onNotice ?? (() => undefined);
  const token = config.token === undefined ? randomBytes(24).toString('base64url') : config.token;
  const store = openStore({ path: config.dbPath });
  const sessions = new Set<Session>();
  const quality = annotatorQuality(config, store);
  const access: AccessPolicy = {
    loopback: isLoopback(config.host),
    token,
    allowOrigins: config.allowOrigins,
    cookieName: '',
  };
  const guard = new AuthGuard({ baseMs: config.authDelayMs, maxMs: config.authDelayMaxMs });
  const pending = new PendingConnections({ perAddress: config.maxPendingPerAddress, total: config.maxPending });
  let preparer: QueryPreparer | null = null;
  let pool: QueryPool | null = null;
  let live: LiveModel | null = null;
  let http: Server | null = null;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  try {
    // Listen first, so a port in use is reported before the simulator and model start.
    http = createServer((req, res) => {
      const verdict = refusal(checkHost(access, req), checkHttpToken(access, req));
      if (!verdict.ok) {
        res.writeHead(verdict.status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${verdict.reason}\n`);
        return;
      }
      if (verdict.setCookie) res.setHeader('set-cookie', verdict.setCookie);
      if (new URL(req.url ?? '/', 'http://x').pathname === '/healthz') {
        if (req.method !== 'GET') {
          res.writeHead(405, { allow: 'GET' }).end('method not allowed\n');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(
          JSON.stringify({
            ok: true,
            task: config.task,
            title: getTask(config.task).title,
            better: getTask(config.task).better,
            sessions: sessions.size,
            candidates: preparer?.source?.name ?? null,
            model: live?.modelId ?? null,
            status: live?.status ?? 'starting',
          }),
        );
        return;
      }
      if (handleStatsRoute(req, res, quality.stats)) return;
      serveStatic(config.staticDir, req, res);
    });
    await listen(http, config.host, config.port);
    const port = (http.address() as AddressInfo).port;
    access.cookieName = `prefsim-token-${port}`;
    const seeds = { dbPath: config.dbPath === ':memory:' ? null : store.path, first: config.seed };
    preparer = new QueryPreparer({
      task: config.task,
      seed: config.seed ?? 0,
      seeds,
      source: config.candidates,
      queue: config.queue,
      selector: config.selector,
      oversample: config.oversample,
      minOutcomeDistance: config.minOutcomeDistance,
    });
    const prep = preparer;
    // The selector scores with whichever live model is in use when the query is prepared.
    const liveRef = (): LiveModelRef | null => {
      const id = live?.modelId;
      const rec = id ? store.getModel(id) : undefined;
      return rec ? { id: rec.id, path: rec.path } : null;
    };
    const prepare = async (flow: Flow): Promise<PreparedQuery> => {
      const q = await prep.prepare(flow, config.selector === 'uniform' ? null : liveRef());
      events.onQuery?.(q);
      return q;
    };
    pool = new QueryPool(prepare, { ahead: config.ahead, redundancy: config.redundancy, onError });
    live = new LiveModel({
      store,
      task: config.task,
      retrainEvery: config.retrainEvery,
      trainerModule: config.trainerModule,
      trainerOptions: config.trainerOptions,
      onError,
      onSwap: (id) => {
        events.onSwap?.(id);
        for (const s of sessions) s.notifyProgress();
      },
    });
    await preparer.ready;
    await live.start();
    pool.warm(config.defaultFlow);
    const ctx = {
      store,
      pool,
      live,
      task: config.task,
      token,
      guard,
      onError,
      onNotice,
      checks: quality.checks,
      replayStored: storedQueryReplayer(store, (spec) => prep.replay(spec)),
      poolShape: { ahead: config.ahead, redundancy: config.redundancy },
      stream: { fps: config.streamFps, highWaterBytes: config.highWaterBytes },
      limits: {
        maxWrongTokens: config.maxWrongTokens,
        messagesPerSecond: config.messagesPerSecond,
        messageBurst: config.messageBurst,
        maxQueuedBytes: config.maxQueuedBytes,
        helloTimeoutMs: config.helloTimeoutMs,
      },
    };
    const connected = (ws: WebSocket, address: string, signedIn: () => void) => {
      const s = new Session(ws, { ...ctx, address, onSignedIn: signedIn });
      sessions.add(s);
      ws.on('close', () => sessions.delete(s));
    };
    http.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== '/ws') {
        refuseUpgrade(socket, 404, 'not found');
        return;
      }
      const verdict = refusal(checkHost(access, req), checkOrigin(access, req));
      if (!verdict.ok) {
        onNotice(`refused WebSocket from ${req.socket.remoteAddress}: ${verdict.reason}`);
        refuseUpgrade(socket, verdict.status, verdict.reason);
        return;
      }
      const address = req.socket.remoteAddress ?? 'unknown';
      const slot = pending.admit(address);
      if (!slot.ok) {
        onNotice(`refused WebSocket from ${address}: ${slot.reason}`);
        refuseUpgrade(socket, 503, slot.reason);
        return;
      }
      // Held from the upgrade until the right hello or the socket's end, whichever comes first.
      socket.once('close', slot.release);
      wss.handleUpgrade(req, socket, head, (ws) => connected(ws, address, slot.release));
    });
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}/`;
    let closed = false;
    const [p, l] = [pool, live];
    return {
      url,
      openUrl: token === null ? url : `${url}?token=${encodeURIComponent(token)}`,
      port,
      config,
      token,
      store,
      pool: p,
      live: l,
      sessions,
      candidates: preparer.source ?? { name: config.candidates, detail: '' },
      retained: () => ({
        sessions: sessions.size,
        sockets: wss.clients.size,
        pending: pending.total,
        pendingAddresses: pending.addresses,
        guardedAddresses: guard.size,
      }),
      async close() {
        if (closed) return;
        closed = true;
        for (const c of wss.clients) c.terminate();
        for (const s of sessions) s.close();
        wss.close();
        http!.closeAllConnections();
        await new Promise<void>((r) => http!.close(() => r()));
        p.close();
        await prep.close();
        await l.close();
        store.close();
      },
    };
  } catch (e) {
    wss.close();
    http?.close();
    pool?.close();
    await preparer?.close();
    await live?.close();
    store.close();
    throw e;
  }
}

/** The first refusal among the verdicts, else the last verdict (which may set the cookie). */
function refusal(...verdicts: Verdict[]): Verdict {
  return verdicts.find((v) => !v.ok) ?? verdicts[verdicts.length - 1];
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const texts: Record<number, string> = {
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    503: 'Service Unavailable',
  };
  const text = texts[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`);
}

/** Listens; a port in use (or not allowed) is a one-line error naming it, not a stack trace. */
function listen(http: Server, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    http.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE')
        reject(
          new PortError(
            `serve: port ${port} on ${host} is already in use; stop the other server or pass --port with another ` +
              `port (0 = any free one)`,
          ),
        );
      else if (e.code === 'EACCES')
        reject(
          new PortError(`serve: not allowed to listen on port ${port} on ${host} (EACCES); pass --port 1024 or above`),
        );
      else if (e.code === 'EADDRNOTAVAIL')
        reject(new PortError(`serve: --host ${host} is not an address of this machine (EADDRNOTAVAIL)`));
      else reject(e);
    });
    http.listen(port, host, () => resolve());
  });
}

/**
 * Fails as `startViewerServer` would if `port` cannot be listened on, without starting anything:
 * `serve` checks this before building the viewer bundle. Port 0 always passes.
 */
export async function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await listen(probe, host, port);
  await new Promise<void>((r) => probe.close(() => r()));
}

/** A listening problem the CLI prints as one line. */
export class PortError extends Error {
  override name = 'PortError';
}
