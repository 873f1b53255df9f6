/**
 * `prefsim view FILE`: serves one recorded episode (`prefsim sim --record`) to the same three.js
 * client, which plays it in one panel with the shared transport (scrub, step, speed). Read-only:
 * nothing is written, so it binds loopback only and needs no token.
 *
 *   GET /episode.json    task, seed, scene drawing info, initial metrics and per-step metrics
 *   GET /episode.frames  every frame as frame messages (viewer/protocol), each behind a u32 length
 */
import { createServer, type Server } from 'node:http';
import { basename } from 'node:path';
import { Scene, getTask, initPhysics, type TaskSpec } from '../../sim/index.ts';
import { readEpisodeFile } from '../../sim/recording/index.ts';
import { encodeFrameMessage, type EpisodeView, type SceneInfo } from '../protocol/index.ts';
import { sceneInfo } from './queries/scene-info.ts';
import { serveStatic } from './static-files.ts';

export interface EpisodeServer {
  url: string;
  view: EpisodeView;
  close(): Promise<void>;
}

/** Frames as length-prefixed frame messages (candidate 0, query id 0), one buffer. */
function encodeFrames(frames: ReturnType<typeof readEpisodeFile>['frames']): Buffer {
  const parts: Buffer[] = [];
  frames.forEach((f, index) => {
    const m = encodeFrameMessage({ queryId: 0, candidate: 0, index, count: frames.length }, f, 'float32');
    const len = Buffer.alloc(4);
    len.writeUInt32LE(m.byteLength);
    parts.push(len, Buffer.from(m.buffer, m.byteOffset, m.byteLength));
  });
  return Buffer.concat(parts);
}

/** Reads `file` (errors name it) and serves it on 127.0.0.1:`port` (0 = any free port). */
export async function startEpisodeServer(opts: {
  file: string;
  port: number;
  staticDir: string;
}): Promise<EpisodeServer> {
  const episode = readEpisodeFile(opts.file);
  if (episode.frames.length === 0)
    throw new Error(`${opts.file}: the episode has no frames (record it with prefsim sim --record)`);
  let task: TaskSpec;
  try {
    task = getTask(episode.taskId);
  } catch (e) {
    throw new Error(`${opts.file}: ${(e as Error).message}`);
  }
  await initPhysics();
  // The drawing info comes from the task's own scene at the recorded seed (goal, keep-out, sizes).
  const scene = Scene.create(task, episode.seed);
  let info: SceneInfo;
  try {
    info = sceneInfo(scene);
  } finally {
    scene.free();
  }
  const view: EpisodeView = {
    file: basename(opts.file),
    task: episode.taskId,
    primitive: task.primitive,
    seed: episode.seed,
    info,
    initialMetrics: episode.initialMetrics ?? null,
    steps: episode.steps.map((s) => ({ metrics: s.metrics, frameStart: s.frameStart, frameCount: s.frameCount })),
    frames: episode.frames.length,
  };
  const json = Buffer.from(JSON.stringify(view));
  const frames = encodeFrames(episode.frames);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/episode.json' || path === '/episode.frames') {
      if (req.method !== 'GET') {
        res.writeHead(405, { allow: 'GET' }).end('method not allowed\n');
        return;
      }
      const body = path === '/episode.json' ? json : frames;
      res.writeHead(200, {
        'content-type': path === '/episode.json' ? 'application/json' : 'application/octet-stream',
        'content-length': body.byteLength,
        'cache-control': 'no-cache',
      });
      res.end(body);
      return;
    }
    serveStatic(opts.staticDir, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE' ? new Error(`port ${opts.port} on 127.0.0.1 is in use: pick another with --port`) : e,
      );
    });
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    url: `http://127.0.0.1:${port}/?view=episode`,
    view,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
