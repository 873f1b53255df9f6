/**
 * Issue 17, item 2 figures: (a) key-to-query latency of one annotator while another client floods
 * 400,000 one-byte messages without reading; (b) server memory after 300 clients connect, sign in
 * and leave, against the baseline before them. Prints one JSON object.
 * Run: node --expose-gc --import tsx bench/service-abuse.ts
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startViewerServer } from '../viewer/server/index.ts';
import { TestClient } from '../tests/viewer/fixtures/ws-client.ts';

const FLOOD = 400_000;
const LABELS = 60;
const CLIENTS = 300;

const FLOODER = `
import WebSocket from 'ws';
const ws = new WebSocket(process.argv[1]);
ws.on('error', () => undefined);
ws.on('open', () => {
  ws.pause(); // never reads
  process.stdout.write('open\\n');
  for (let i = 0; i < Number(process.argv[2]); i++) ws.send('x');
});
`;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const dir = mkdtempSync(join(tmpdir(), 'prefsim-abuse-'));
mkdirSync(join(dir, 'static'));
writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html>');
const notices: string[] = [];
const server = await startViewerServer(
  {
    // Up to 16 clients share a query (redundancy), so 300 sign-ins need 19 rollouts, not 300.
    port: 0,
    task: 'push-T',
    dbPath: join(dir, 'p.db'),
    staticDir: join(dir, 'static'),
    ahead: 3,
    streamFps: 240,
    redundancy: 16,
    trainerModule: null,
    candidates: 'expert-mix',
    // All 300 open before any says hello, from one address: lift the bound on connections not signed in.
    maxPendingPerAddress: CLIENTS,
    maxPending: CLIENTS,
  },
  { onNotice: (l) => notices.push(l) },
);

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
/** 95 % interval of a quantile by the order-statistic (binomial) method. */
function quantileCi(xs: number[], q: number): [number, number] {
  const s = [...xs].sort((a, b) => a - b),
    n = s.length,
    sd = Math.sqrt(n * q * (1 - q));
  return [s[Math.max(0, Math.floor(n * q - 1.96 * sd))], s[Math.min(n - 1, Math.ceil(n * q + 1.96 * sd))]];
}
const memory = () => {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return { rssMB: m.rss / 2 ** 20, heapMB: m.heapUsed / 2 ** 20 };
};

try {
  // Warm-up and baseline.
  const warm = await TestClient.open(server.openUrl);
  await warm.hello('warm');
  warm.ws.terminate();
  const base = memory();

  // (b) 300 clients sign in, get a query each, and leave.
  let many = await Promise.all(Array.from({ length: CLIENTS }, () => TestClient.open(server.openUrl)));
  await Promise.all(
    many.map((c, i) => {
      const at = c.messages.length;
      c.send({ type: 'hello', annotator: `c${i}`, flow: 'pair', token: c.token });
      return c.next('query', at, 300_000);
    }),
  );
  const peak = memory();
  await Promise.all(many.map((c) => c.close()));
  while (server.sessions.size > 0) await new Promise((r) => setTimeout(r, 50));
  many = []; // the bench's own clients must not count in the server's memory
  await new Promise((r) => setTimeout(r, 500));
  const after = memory();

  // (a) Flood while one annotator labels.
  const annotator = await TestClient.open(server.openUrl);
  let q = await annotator.hello('steady');
  // The flooder is another process, so its own sending does not load the server's event loop.
  const flooder = spawn(
    process.execPath,
    ['--input-type=module', '-e', FLOODER, `ws://127.0.0.1:${server.port}/ws`, String(FLOOD)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve) => flooder.stdout.once('data', () => resolve()));
  const latencies: number[] = [];
  for (let i = 0; i < LABELS; i++) {
    // Measure the service, not the simulator: label only when the next query is ready.
    while (server.pool.readyCount('pair') < 1) await new Promise((r) => setTimeout(r, 20));
    const at = annotator.messages.length;
    const t0 = performance.now();
    annotator.send({ type: 'label', queryId: q.queryId, label: { kind: 'pair', winner: 'A' } });
    q = await annotator.next('query', at);
    latencies.push(performance.now() - t0);
  }
  annotator.ws.terminate();
  flooder.kill();
  process.stdout.write(
    JSON.stringify({
      flood: {
        messages: FLOOD,
        flooderDisconnected: notices.some((l) => /sent more than/.test(l)),
        n: LABELS,
        keyToQueryMs: {
          median: quantile(latencies, 0.5),
          p99: quantile(latencies, 0.99),
          p99ci95: quantileCi(latencies, 0.99),
          max: Math.max(...latencies),
        },
      },
      memory: {
        clients: CLIENTS,
        base,
        peak,
        after,
        rssIncreasePct: (100 * (after.rssMB - base.rssMB)) / base.rssMB,
        heapIncreasePct: (100 * (after.heapMB - base.heapMB)) / base.heapMB,
      },
    }) + '\n',
  );
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
