/**
 * Issue 17, items 1–2: who may connect (Origin, Host, the per-start token, HTTP beyond loopback,
 * /healthz) and the abuse limits (wrong tokens, message floods, clients that do not read).
 * Everything is on 127.0.0.x; waits are on events, never on time.
 */
import { EventEmitter } from 'node:events';
import { request } from 'node:http';
import { describe, expect, test, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { PROTOCOL_VERSION } from '../../../viewer/protocol/index.ts';
import { AuthGuard } from '../../../viewer/server/auth-guard.ts';
import { CLOSE_POLICY, Session, type SessionContext } from '../../../viewer/server/session.ts';
import type { TestClient } from '../fixtures/ws-client.ts';
import { startTestServer, useTestServer } from '../fixtures/test-server.ts';

const notices: string[] = [];
const noticeWaiters: { match: RegExp; resolve: (line: string) => void }[] = [];

function onNotice(line: string): void {
  notices.push(line);
  for (const w of noticeWaiters.splice(0)) {
    if (w.match.test(line)) w.resolve(line);
    else noticeWaiters.push(w);
  }
}
/** The first notice (already logged after index `after`, or to come) matching `match`. */
function notice(match: RegExp, after = 0): Promise<string> {
  const found = notices.slice(after).find((l) => match.test(l));
  return found ? Promise.resolve(found) : new Promise((resolve) => noticeWaiters.push({ match, resolve }));
}
const t = useTestServer(
  'access',
  {
    ahead: 1,
    streamFps: 240,
    trainerModule: null,
    candidates: 'expert-mix',
    allowOrigins: ['http://annotate.example:3000'],
    authDelayMs: 2,
  },
  { onNotice },
);
const client = (url?: string, headers: Record<string, string> = {}): Promise<TestClient> => t.client(url, headers);
/** A raw HTTP request, so Host and method can be anything. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  port = t.server.port,
  host = '127.0.0.1',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, method, path, headers }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('access', () => {
  test('a random token is the default, carried in the printed URL; a hello without it is refused', async () => {
    expect(t.server.token).toMatch(/^[\w-]{32}$/);
    expect(t.server.openUrl).toBe(`${t.server.url}?token=${t.server.token}`);
    const bare = await client(t.server.url);
    const at = bare.messages.length;
    bare.send({ type: 'hello', annotator: 'mallory', flow: 'pair' });
    expect(await bare.next('error', at)).toMatchObject({ code: 'auth', field: 'token' });
    expect((await (await client()).hello('ada')).candidates).toHaveLength(2);
  });

  test("the WebSocket refuses another site's Origin, accepts its own and --allow-origin ones", async () => {
    const at = notices.length;
    await expect(client(t.server.openUrl, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
    expect(await notice(/refused WebSocket/, at)).toContain('Origin http://evil.example is not this page');
    expect(
      (await (await client(t.server.openUrl, { origin: `http://127.0.0.1:${t.server.port}` })).hello('same-origin'))
        .queryId,
    ).toBeGreaterThan(0);
    expect(
      (await (await client(t.server.openUrl, { origin: 'http://annotate.example:3000' })).hello('allowed')).queryId,
    ).toBeGreaterThan(0);
  });

  test('bound to loopback, a Host that is not a loopback name is refused (DNS rebinding)', async () => {
    expect((await raw('GET', '/', { host: 'evil.example' })).status).toBe(403);
    await expect(client(t.server.openUrl, { host: `evil.example:${t.server.port}` })).rejects.toThrow(/403/);
    expect((await raw('GET', '/', { host: `localhost:${t.server.port}` })).status).toBe(200);
  });

  test('/healthz answers GET only', async () => {
    const get = await raw('GET', '/healthz');
    expect(get.status).toBe(200);
    expect(JSON.parse(get.body)).toMatchObject({ ok: true, task: 'push-T' });
    for (const method of ['POST', 'DELETE', 'PUT', 'HEAD']) {
      const r = await raw(method, '/healthz');
      expect(r.status, method).toBe(405);
      expect(r.headers.allow).toBe('GET');
    }
  });

  test('beyond loopback, HTTP needs the token (query, then the cookie it sets)', async () => {
    // 127.0.0.2 is local to this machine but not one of the loopback names, so it counts as beyond loopback.
    const s = await startTestServer(t.dir, {
      host: '127.0.0.2',
      dbPath: t.dir.db('remote.db'),
      ahead: 1,
      trainerModule: null,
      candidates: 'expert-mix',
      token: 'correct-horse-battery-staple',
    });
    try {
      for (const path of ['/', '/healthz', '/index.html', '/?token=wrong-wrong-wrong']) {
        const r = await raw('GET', path, {}, s.port, '127.0.0.2');
        expect(r.status, path).toBe(401);
        expect(r.body).not.toContain('wrong-wrong-wrong');
      }
      const first = await raw('GET', '/?token=correct-horse-battery-staple', {}, s.port, '127.0.0.2');
      expect(first.status).toBe(200);
      const cookie = String(first.headers['set-cookie']).split(';')[0];
      expect(cookie).toBe(`prefsim-token-${s.port}=correct-horse-battery-staple`);
      expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
      expect((await raw('GET', '/healthz', { cookie }, s.port, '127.0.0.2')).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe('wrong tokens', () => {
  test('five wrong tokens close the connection; attempts are logged without the token, never echoed', async () => {
    const c = await client(t.server.url);
    const at = notices.length;
    const guesses = ['abc', 'wrong-token-number-2', 'x'.repeat(200), '', 'wrong-token-number-5'];
    for (const token of guesses) {
      const m = c.messages.length;
      c.send({ type: 'hello', annotator: 'guesser', flow: 'pair', token });
      const err = await c.next('error', m);
      expect(err).toEqual({
        v: PROTOCOL_VERSION,
        type: 'error',
        code: 'auth',
        message: 'field token: missing or wrong token',
        field: 'token',
      });
    }
    await new Promise<void>((res) => (c.closed ? res() : c.ws.once('close', () => res())));
    expect(c.closed).toEqual({ code: CLOSE_POLICY, reason: '5 wrong tokens' });
    const lines = notices.slice(at).filter((l) => l.startsWith('wrong token'));
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(/annotator "guesser"\): 5 on this connection, 5 from this address; connection closed$/);
    for (const g of guesses.filter((x) => x.length > 0)) expect(notices.join('\n')).not.toContain(g);
    // A new connection from the same address carries on counting (its delay keeps growing).
    const d = await client(t.server.url);
    const m = d.messages.length;
    d.send({ type: 'hello', annotator: 'guesser', flow: 'pair', token: 'again-wrong' });
    await d.next('error', m);
    expect(await notice(/wrong token.*1 on this connection/, at + 5)).toContain('6 from this address');
    // The right token still signs in (after the delay) and clears the address.
    expect((await d.hello('guesser', 'pair', { token: t.server.token })).queryId).toBeGreaterThan(0);
  });

  test(
    'the per-address delay doubles from the first wrong token, is capped, ' + 'forgotten, and cleared by a right one',
    () => {
      let now = 0;
      const g = new AuthGuard({ baseMs: 100, maxMs: 1000, forgetMs: 60_000, now: () => now });
      expect(g.delayMs('a')).toBe(0);
      const delays = [1, 2, 3, 4, 5, 6].map(() => {
        g.failed('a');
        return g.delayMs('a');
      });
      expect(delays).toEqual([100, 200, 400, 800, 1000, 1000]);
      expect(g.delayMs('b')).toBe(0);
      g.succeeded('a');
      expect(g.delayMs('a')).toBe(0);
      g.failed('b');
      now = 60_001;
      expect(g.delayMs('b')).toBe(0);
      const small = new AuthGuard({ baseMs: 1, maxMs: 1, maxAddresses: 3 });
      for (let i = 0; i < 10; i++) small.failed(`10.0.0.${i}`);
      expect(small.size).toBe(3);
    },
  );
});

describe('floods and clients that do not read', () => {
  test(
    'a client flooding messages without reading is disconnected; another ' + "annotator's labels are acknowledged",
    async () => {
      const bystander = await client();
      let q = await bystander.hello('steady');
      const before = new Set(t.server.sessions);
      const flooder = await client();
      // The flooder's own session: other tests' idle connections may time out meanwhile, so the
      // total count is not the measure.
      await expect.poll(() => [...t.server.sessions].filter((s) => !before.has(s)).length).toBe(1);
      const flooding = [...t.server.sessions].find((s) => !before.has(s))!;
      flooder.ws.pause(); // never reads its replies
      const at = notices.length;
      const dropped = notice(/disconnected .*sent more than 60 messages/, at);
      for (let i = 0; i < 5000; i++) flooder.ws.send('x');
      // A newcomer connects and signs in while the flood arrives (it once timed out connecting).
      const newcomer = t.signIn('newcomer');
      // The bystander labels while the flood arrives; every label is acknowledged.
      for (let i = 0; i < 3; i++) {
        const m = bystander.messages.length;
        bystander.send({ type: 'label', queryId: q.queryId, label: { kind: 'pair', winner: 'A' } });
        expect((await bystander.next('labelled', m)).queryId).toBe(q.queryId);
        q = await bystander.next('query', m);
      }
      expect(await dropped).toMatch(
        /^disconnected 127\.0\.0\.1: sent more than 60 messages faster than 20 per second$/,
      );
      await expect.poll(() => t.server.sessions.has(flooding)).toBe(false);
      expect((await newcomer).q.candidates).toHaveLength(2);
      expect(bystander.ws.readyState).toBe(bystander.ws.OPEN);
      flooder.ws.resume();
    },
  );

  test('error replies are dropped while the client is not reading; past the queue bound it is cut off', async () => {
    const ws = Object.assign(new EventEmitter(), {
      OPEN: 1,
      readyState: 1,
      bufferedAmount: 0,
      send: vi.fn(),
      close: vi.fn(),
      terminate: vi.fn(),
    });
    const lines: string[] = [];
    const ctx = {
      token: null,
      address: '127.0.0.9',
      guard: new AuthGuard({ baseMs: 0, maxMs: 0 }),
      onError: () => undefined,
      onNotice: (l: string) => lines.push(l),
      stream: { fps: 30, highWaterBytes: 1 << 20 },
      limits: {
        maxWrongTokens: 5,
        messagesPerSecond: 20,
        messageBurst: 60,
        maxQueuedBytes: 8 << 20,
        helloTimeoutMs: 600_000,
      },
    } as unknown as SessionContext;
    const session = new Session(ws as unknown as WebSocket, ctx);
    const settle = () => new Promise((r) => setImmediate(r));
    ws.emit('message', Buffer.from('x'), false);
    await settle();
    expect(ws.send).toHaveBeenCalledTimes(1); // reading client: the error reply goes out
    ws.bufferedAmount = 2 << 20; // above the frames' high-water mark
    ws.emit('message', Buffer.from('x'), false);
    await settle();
    expect(ws.send).toHaveBeenCalledTimes(1);
    expect(session.droppedReplies).toBe(1);
    ws.bufferedAmount = 9 << 20; // above the queue bound
    ws.emit('message', Buffer.from('x'), false);
    await settle();
    expect(ws.terminate).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([`disconnected 127.0.0.9: not reading: ${9 << 20} bytes queued`]);
    session.close();
  });
});
