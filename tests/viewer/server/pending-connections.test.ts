/**
 * Issue 17, item 2: WebSocket connections that have not signed in are bounded per address and in
 * all, and closed when they do not sign in in time. Sockets come from 127.0.0.1–3 (all this
 * machine); waits are on events (open, close, notices), never on time.
 */
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '../../../viewer/protocol/index.ts';
import type { ViewerServer } from '../../../viewer/server/index.ts';
import { PendingConnections } from '../../../viewer/server/pending-connections.ts';
import { AuthGuard } from '../../../viewer/server/auth-guard.ts';
import { CLOSE_POLICY, Session, type SessionContext } from '../../../viewer/server/session.ts';
import type { TestClient } from '../fixtures/ws-client.ts';
import { Clients, serveDir, startTestServer, type ServeDir } from '../fixtures/test-server.ts';

let dir: ServeDir;
const clients = new Clients();
const notices: string[] = [];

async function open(server: ViewerServer, from = '127.0.0.1'): Promise<TestClient> {
  return clients.open(server.openUrl, {}, { localAddress: from });
}
const closed = (c: TestClient) => new Promise<void>((res) => (c.closed ? res() : c.ws.once('close', () => res())));
function start(extra: Record<string, unknown>): Promise<ViewerServer> {
  return startTestServer(
    dir,
    {
      dbPath: dir.db(`${Object.keys(extra).join('-')}.db`),
      ahead: 1,
      streamFps: 240,
      trainerModule: null,
      candidates: 'expert-mix',
      ...extra,
    },
    { onNotice: (l) => notices.push(l) },
  );
}

beforeAll(() => {
  dir = serveDir('pending');
});
afterAll(() => {
  clients.terminate();
  dir.remove();
});

test('slots are counted per address and in all, released once, and the map empties', () => {
  const p = new PendingConnections({ perAddress: 2, total: 3 });
  const a1 = p.admit('a'),
    a2 = p.admit('a');
  expect(a1.ok && a2.ok).toBe(true);
  expect(p.admit('a')).toEqual({ ok: false, reason: '2 connections from a have not signed in yet (at most 2)' });
  const b1 = p.admit('b');
  expect(p.admit('c')).toEqual({ ok: false, reason: '3 connections have not signed in yet (at most 3)' });
  for (const s of [a1, a1, a2, b1]) if (s.ok) s.release(); // a1 twice: counted once
  expect([p.total, p.addresses]).toEqual([0, 0]);
  expect(p.admit('c').ok).toBe(true);
});

describe('a server with 2 pending connections per address, 3 in all', () => {
  let server: ViewerServer;
  beforeAll(async () => {
    server = await start({ maxPendingPerAddress: 2, maxPending: 3, helloTimeoutMs: 600_000 });
  });
  afterAll(async () => {
    await server?.close();
  });

  test('sockets that never say hello are refused past the bounds; a right hello or a close frees a slot', async () => {
    const [a, b] = [await open(server), await open(server)];
    await expect(open(server)).rejects.toThrow(/503/);
    expect(notices.at(-1)).toBe(
      'refused WebSocket from 127.0.0.1: 2 connections from 127.0.0.1 have not signed in yet (at most 2)',
    );
    const c = await open(server, '127.0.0.2');
    await expect(open(server, '127.0.0.3')).rejects.toThrow(/503/);
    expect(notices.at(-1)).toBe('refused WebSocket from 127.0.0.3: 3 connections have not signed in yet (at most 3)');
    expect(server.retained()).toMatchObject({ pending: 3, pendingAddresses: 2 });

    await a.hello('ada'); // signed in: no longer pending
    expect(server.retained()).toMatchObject({ pending: 2, sessions: 3 });
    const d = await open(server);
    await Promise.all([b, c, d].map((x) => x.close()));
    await expect.poll(() => server.retained().pending).toBe(0);
    expect(server.retained().pendingAddresses).toBe(0);
    await a.close();
    await expect
      .poll(() => server.retained())
      .toEqual({ sessions: 0, sockets: 0, pending: 0, pendingAddresses: 0, guardedAddresses: 0 });
  });
});

describe('a server with a 100 ms hello timeout', () => {
  let server: ViewerServer;
  beforeAll(async () => {
    server = await start({ helloTimeoutMs: 100 });
  });
  afterAll(async () => {
    await server?.close();
  });

  test('a connection that does not sign in in time is closed and its slot freed; a signed-in one stays', async () => {
    const signed = await open(server);
    await signed.hello('ada');
    // Opened after the first signed in, so its timeout fires after the first one's would have.
    const idle = await open(server);
    await closed(idle);
    expect(idle.closed).toEqual({ code: CLOSE_POLICY, reason: 'no hello within 100 ms' });
    expect(notices).toContain('closed 127.0.0.1: no right hello within 100 ms');
    expect(signed.closed).toBeNull();
    await expect.poll(() => server.retained()).toMatchObject({ sessions: 1, pending: 0, pendingAddresses: 0 });
  });
});

test('the hello timeout pauses while the token guard delays a hello: a right token after it signs in', async () => {
  const sent: string[] = [];
  let welcomed!: () => void;
  const welcome = new Promise<void>((r) => {
    welcomed = r;
  });
  let closedByServer!: () => void;
  const closing = new Promise<void>((r) => {
    closedByServer = r;
  });
  const ws = Object.assign(new EventEmitter(), {
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    close: vi.fn(() => closedByServer()),
    terminate: vi.fn(),
    send: (data: string) => {
      sent.push(String(data));
      if (String(data).includes('"welcome"')) welcomed();
    },
  });
  const guard = new AuthGuard({ baseMs: 50, maxMs: 50 });
  guard.failed('127.0.0.9'); // an earlier wrong token from this address: its next hello waits 50 ms
  const ctx = {
    token: 'the-right-token',
    address: '127.0.0.9',
    guard,
    onError: () => undefined,
    onNotice: () => undefined,
    stream: { fps: 30, highWaterBytes: 1 << 20 },
    task: 'push-T',
    poolShape: { ahead: 1, redundancy: 1 },
    limits: { maxWrongTokens: 5, messagesPerSecond: 20, messageBurst: 60, maxQueuedBytes: 8 << 20, helloTimeoutMs: 1 },
    pool: { readyCount: () => 1, take: () => new Promise(() => undefined), release: () => undefined },
    live: { modelId: null, labelAccuracy: () => null },
  } as unknown as SessionContext;
  const session = new Session(ws as unknown as WebSocket, ctx);
  // Emitted in the same tick as the session starts, so the hello is seen before the 1 ms timer could fire.
  ws.emit(
    'message',
    Buffer.from(
      JSON.stringify({ v: PROTOCOL_VERSION, type: 'hello', annotator: 'ada', flow: 'pair', token: 'the-right-token' }),
    ),
    false,
  );
  await Promise.race([welcome, closing]);
  expect(session.annotator).toBe('ada');
  expect(ws.close).not.toHaveBeenCalled();
  session.close();
});
