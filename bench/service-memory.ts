/**
 * Issue 17, item 2 figure: server heap after CLIENTS clients connect, sign in, get a query each
 * and leave, against the baseline before them, for ROUNDS rounds on one server. The clients are
 * dropped before each measurement (a client kept alive would count its own sockets and messages).
 * Prints one JSON object: per round the heap increase over the baseline, its mean with a Student-t
 * 95 % interval, and the sizes of what the server keeps per connection (all 0 after).
 * Run: node --expose-gc --import tsx bench/service-memory.ts [--clients 300] [--rounds 3] [--redundancy 1]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startViewerServer, type ViewerServer } from '../viewer/server/index.ts';
import { TestClient } from '../tests/viewer/fixtures/ws-client.ts';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '3' },
    redundancy: { type: 'string', default: '1' },
  },
});
const CLIENTS = Number(values.clients),
  ROUNDS = Number(values.rounds),
  REDUNDANCY = Number(values.redundancy);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const heapMB = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const arrayBuffersMB = () => process.memoryUsage().arrayBuffers / 2 ** 20;
const settle = () => new Promise((r) => setTimeout(r, 200));

/** CLIENTS clients sign in, each waits for its query, then all leave; resolves once the server has no session. */
async function round(server: ViewerServer, r: number): Promise<void> {
  let many = await Promise.all(Array.from({ length: CLIENTS }, () => TestClient.open(server.openUrl)));
  await Promise.all(
    many.map((c, i) => {
      const at = c.messages.length;
      c.send({ type: 'hello', annotator: `r${r}c${i}`, flow: 'pair', token: c.token });
      return c.next('query', at, 600_000);
    }),
  );
  await Promise.all(many.map((c) => c.close()));
  many = [];
  while (server.sessions.size > 0) await settle();
}

/** Mean and Student-t 95 % interval (t for n − 1 degrees of freedom, n ≤ 10 tabulated). */
function meanCi(xs: number[]): { mean: number; ci95: [number, number]; n: number } {
  const n = xs.length,
    mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, ci95: [NaN, NaN], n };
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const t = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262][Math.min(n - 2, 8)];
  const h = (t * sd) / Math.sqrt(n);
  return { mean, ci95: [mean - h, mean + h], n };
}

const dir = mkdtempSync(join(tmpdir(), 'prefsim-memory-'));
mkdirSync(join(dir, 'static'));
writeFileSync(join(dir, 'static', 'index.html'), '<!doctype html>');
// Every client opens before any says hello, all from 127.0.0.1: lift the bound on pending connections.
const server = await startViewerServer({
  port: 0,
  task: 'push-T',
  dbPath: join(dir, 'p.db'),
  staticDir: join(dir, 'static'),
  ahead: 3,
  streamFps: 240,
  redundancy: REDUNDANCY,
  trainerModule: null,
  candidates: 'expert-mix',
  maxPendingPerAddress: CLIENTS,
  maxPending: CLIENTS,
});
try {
  const warm = await TestClient.open(server.openUrl);
  await warm.hello('warm');
  await warm.close();
  while (server.sessions.size > 0) await settle();
  const base = heapMB();
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    await round(server, r);
    await settle();
    const heap = heapMB();
    rounds.push({
      heapMB: heap,
      increasePct: (100 * (heap - base)) / base,
      arrayBuffersMB: arrayBuffersMB(),
      readyQueries: server.pool.readyCount('pair'),
      retained: server.retained(),
    });
  }
  process.stdout.write(
    JSON.stringify({
      clients: CLIENTS,
      redundancy: REDUNDANCY,
      baseHeapMB: base,
      rounds,
      heapIncreasePct: meanCi(rounds.map((x) => x.increasePct)),
    }) + '\n',
  );
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
