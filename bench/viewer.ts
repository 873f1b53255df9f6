/**
 * `npm run bench -- viewer [runs]`: first what the annotator's browser sees (bench/viewer-page.ts:
 * playback frames per second at 1400×900 in Chromium with SwiftShader, the client's bytes on the
 * wire, key-to-query latency) and how long `prefsim serve` takes to print its URL; then the server
 * streams two 24×24 cloth rollouts (one pair query of
 * cloth-flatten, redundancy 10 so every client gets the same one) at 30 fps to 10 concurrent
 * loopback clients, which run in a child process so their work is not counted as the server's.
 * Reports dropped frames (target 0), bytes per frame message, and the server's main-thread busy
 * time per client (event-loop utilisation × wall time; the rollout worker is excluded). Medians
 * over runs, with min/max.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildViewer, buildViewerBundle } from '../viewer/build.ts';
import { startViewerServer } from '../viewer/server/index.ts';
import { summarize } from './stats.ts';
import { CHROMIUM, measurePage } from './viewer-page.ts';
import { timeServeStart } from './serve-start.ts';
import { existsSync } from 'node:fs';

const CLIENTS = 10;

/** The clients, as a plain ESM script for `node --input-type=module`: prints one JSON line. */
const CLIENT_SCRIPT = `
import WebSocket from 'ws';
const [url, n] = [process.argv[1], Number(process.argv[2])];
const results = await Promise.all(Array.from({ length: n }, (_, i) => new Promise((resolve, reject) => {
  const ws = new WebSocket(url);
  let counts = null, frames = 0, bytes = 0, dropped = 0;
  const timer = setTimeout(() => reject(new Error('bench client timed out')), 60000);
  ws.on('open', () => ws.send(JSON.stringify({ v: 1, type: 'hello', annotator: 'bench-' + i, flow: 'pair' })));
  ws.on('message', (data, binary) => {
    if (binary) {
      if (data[1] === 255) return;
      frames++; bytes += data.length;
      if (counts && frames + dropped >= counts.reduce((a, b) => a + b, 0)) {
        clearTimeout(timer);
        ws.close();
        resolve({ frames, bytes, dropped });
      }
      return;
    }
    const m = JSON.parse(String(data));
    if (m.type === 'query') counts = m.frameCounts;
    if (m.type === 'dropped') dropped += m.frames;
  });
  ws.on('error', reject);
})));
process.stdout.write(JSON.stringify(results) + '\\n');
`;

async function runOnce(dir: string, staticDir: string, run: number) {
  const server = await startViewerServer({
    port: 0,
    task: 'cloth-flatten',
    seed: run,
    dbPath: join(dir, `b${run}.db`),
    staticDir,
    ahead: 1,
    redundancy: CLIENTS,
    streamFps: 30,
    // Streaming only: no labels are given, so no live model is loaded. The clients are ours: no token.
    trainerModule: null,
    token: null,
  });
  try {
    while (server.pool.readyCount('pair') < 1) await new Promise((r) => setTimeout(r, 50));
    const elu0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', CLIENT_SCRIPT, server.url.replace('http', 'ws') + 'ws', String(CLIENTS)],
      {
        cwd: process.cwd(),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? 1)));
    if (code !== 0) throw new Error(`bench clients exited with ${code}`);
    const wallMs = performance.now() - t0;
    const elu = performance.eventLoopUtilization(elu0);
    const clients = JSON.parse(out) as { frames: number; bytes: number; dropped: number }[];
    const frames = clients.reduce((a, c) => a + c.frames, 0);
    const bytes = clients.reduce((a, c) => a + c.bytes, 0);
    const dropped = clients.reduce((a, c) => a + c.dropped, 0);
    let serverDropped = 0;
    for (const s of server.sessions) serverDropped += s.streamer.total.dropped;
    return {
      droppedFrames: Math.max(dropped, serverDropped),
      bytesPerFrame: bytes / frames,
      framesPerClient: frames / CLIENTS,
      serverBusyMsPerClient: (elu.utilization * wallMs) / CLIENTS,
      serverBusyPercentPerClient: (100 * elu.utilization) / CLIENTS,
      wallMs,
    };
  } finally {
    await server.close();
  }
}

/** Browser-side figures, medians over `runs` page loads, and the serve start time (warm bundle). */
async function pageFigures(dir: string, staticDir: string, runs: number) {
  const bundle = await buildViewerBundle(staticDir);
  // One start to make sure viewer/dist is current, then timed starts that find it so.
  await timeServeStart(join(dir, 'serve0.db'));
  const starts: number[] = [];
  for (let r = 0; r < runs; r++) starts.push(await timeServeStart(join(dir, `serve${r + 1}.db`)));
  const serveStartMs = summarize(starts);
  if (!existsSync(CHROMIUM)) {
    return { serveStartMs, bundleBytes: bundle.bytes, page: `skipped: ${CHROMIUM} is missing` };
  }
  const pages = [];
  for (let r = 0; r < runs; r++) {
    pages.push(await measurePage(join(dir, `page${r}`), staticDir));
    process.stderr.write(
      `viewer bench page ${r + 1}/${runs}: ${JSON.stringify({ ...pages.at(-1), consoleMessages: undefined })}\n`,
    );
  }
  return {
    playbackFps: summarize(pages.map((p) => p.playbackFps)),
    pausedFps: summarize(pages.map((p) => p.pausedFps)),
    keyToQueryMs: summarize(pages.flatMap((p) => p.keyToQueryMs)),
    wireBytes: summarize(pages.map((p) => p.wireBytes)),
    bundleBytes: bundle.bytes,
    serveStartMs,
    consoleMessages: [...new Set(pages.flatMap((p) => p.consoleMessages))],
    pageSetup: { viewport: '1400x900', renderer: 'Chromium SwiftShader (CPU)', task: 'push-T', flow: 'pair' },
    pageTargets: { playbackFps: '>= 24', wireBytes: '<= 350000', serveStartMs: '<= 3000', consoleMessages: 'none' },
  };
}

export default async function viewerBench(args: string[]): Promise<unknown> {
  const runs = Number(args[0] ?? 3);
  const dir = mkdtempSync(join(tmpdir(), 'prefsim-bench-viewer-'));
  try {
    const staticDir = await buildViewer(join(dir, 'dist'));
    const page = await pageFigures(dir, staticDir, runs);
    const results: Awaited<ReturnType<typeof runOnce>>[] = [];
    for (let r = 0; r < runs; r++) {
      results.push(await runOnce(dir, staticDir, r));
      process.stderr.write(`viewer bench run ${r + 1}/${runs}: ${JSON.stringify(results.at(-1))}\n`);
    }
    const pick = (k: keyof (typeof results)[number]) => summarize(results.map((x) => x[k]));
    return {
      bench: 'viewer',
      ...page,
      setup: { task: 'cloth-flatten', rollouts: 2, particles: 576, clients: CLIENTS, fps: 30, encoding: 'int16', runs },
      droppedFrames: pick('droppedFrames'),
      bytesPerFrame: pick('bytesPerFrame'),
      framesPerClient: pick('framesPerClient'),
      serverBusyMsPerClient: pick('serverBusyMsPerClient'),
      serverBusyPercentPerClient: pick('serverBusyPercentPerClient'),
      streamWallMs: pick('wallMs'),
      targets: { droppedFrames: 0 },
      note:
        'server CPU = main-thread event-loop utilisation during streaming (rollout worker excluded), divided ' +
        'by clients',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
