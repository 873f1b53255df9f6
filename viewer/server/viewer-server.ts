/**
 * The preference service: Node http (bundle + static assets) and ws (/ws) on one port, the
 * rollout worker and query pool, the store, and the live reward model.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { openStore, type PreferenceStore } from '../../reward/store/index.ts';
import { describeIssues } from '../../reward/labels/index.ts';
import { ServeConfigSchema, type ServeConfig, type ServeConfigInput } from './config.ts';
import { MAX_MESSAGE_BYTES } from '../protocol/index.ts';
import { LiveModel } from './live-model/index.ts';
import { QueryPool, QueryPreparer } from './queries/index.ts';
import { Session } from './session.ts';
import { serveStatic } from './static-files.ts';


export interface ViewerServer {
  readonly url: string;
  readonly port: number;
  readonly config: ServeConfig;
  readonly store: PreferenceStore;
  readonly pool: QueryPool;
  readonly live: LiveModel;
  /** The candidate source in use (`auto` resolved) and what it is. */
  readonly candidates: { name: string; detail: string };
  readonly sessions: ReadonlySet<Session>;
  close(): Promise<void>;
}

export interface ServerEvents {
  /** Non-fatal problems (a failed rollout, a failed retraining). */
  onError?: (e: Error) => void;
  onSwap?: (modelId: string) => void;
}

export async function startViewerServer(input: ServeConfigInput, events: ServerEvents = {}): Promise<ViewerServer> {
  const parsed = ServeConfigSchema.safeParse(input);
  if (!parsed.success) throw new Error(`serve: ${describeIssues(parsed.error, input)}`);
  const config = parsed.data;
  const onError = events.onError ?? (() => undefined);
  const store = openStore({ path: config.dbPath });
  const sessions = new Set<Session>();
  const preparer = new QueryPreparer({ task: config.task, seed: config.seed, source: config.candidates, queue: config.queue });
  const pool = new QueryPool((flow) => preparer.prepare(flow), { ahead: config.ahead, redundancy: config.redundancy, onError });
  const live = new LiveModel({
    store, task: config.task, retrainEvery: config.retrainEvery, trainerModule: config.trainerModule, trainerOptions: config.trainerOptions, onError,
    onSwap: (id) => { events.onSwap?.(id); for (const s of sessions) s.notifyProgress(); },
  });
  let http: Server | null = null;
  try {
    await preparer.ready;
    await live.start();
    pool.warm(config.defaultFlow);
    http = createServer((req, res) => {
      if (req.url === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({
            ok: true, task: config.task, sessions: sessions.size, candidates: preparer.source?.name ?? null, model: live.modelId, status: live.status,
          }));
        return;
      }
      serveStatic(config.staticDir, req, res);
    });
    const wss = new WebSocketServer({ server: http, path: '/ws', maxPayload: MAX_MESSAGE_BYTES });
    wss.on('connection', (ws) => {
      const s = new Session(ws, {
        store, pool, live, task: config.task, token: config.token,
        stream: { fps: config.streamFps, highWaterBytes: config.highWaterBytes }, onError,
      });
      sessions.add(s);
      ws.on('close', () => sessions.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      http!.once('error', reject);
      http!.listen(config.port, config.host, () => resolve());
    });
    const port = (http.address() as AddressInfo).port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    let closed = false;
    return {
      url: `http://${host}:${port}/`, port, config, store, pool, live, sessions,
      candidates: preparer.source ?? { name: config.candidates, detail: '' },
      async close() {
        if (closed) return;
        closed = true;
        for (const c of wss.clients) c.terminate();
        for (const s of sessions) s.close();
        wss.close();
        await new Promise<void>((r) => http!.close(() => r()));
        pool.close();
        await preparer.close();
        await live.close();
        store.close();
      },
    };
  } catch (e) {
    http?.close();
    pool.close();
    await preparer.close();
    await live.close();
    store.close();
    throw e;
  }
}
