/** `prefsim view FILE`: plays a recorded episode in the browser client, with scrubbing. */
import type { Command } from 'commander';
import { buildViewer } from '../../viewer/build.ts';
import { startEpisodeServer } from '../../viewer/server/episode-server.ts';
import { intFlag } from '../usage-error.ts';
import { makeOutput, plural } from '../output.ts';

interface ViewFlags {
  port: string;
  json?: boolean;
}

export function registerView(program: Command): void {
  program
    .command('view')
    .description(
      'play a recorded episode (prefsim sim --record FILE) in the browser: one panel, scrub, frame step, speed; ' +
        'read-only, on 127.0.0.1',
    )
    .argument('<file>', 'episode file written by prefsim sim --record')
    .option('--port <n>', 'TCP port on 127.0.0.1 (0 = any free port)', '8090')
    .option('--json', 'print the URL and the episode summary as one JSON object once listening')
    .action(async (file: string, f: ViewFlags) => {
      const out = makeOutput(!!f.json);
      const port = intFlag('--port', f.port, 0, 65535);
      const staticDir = await buildViewer();
      const server = await startEpisodeServer({ file, port, staticDir });
      const v = server.view;
      out.result({ url: server.url, file, task: v.task, seed: v.seed, steps: v.steps.length, frames: v.frames }, () => {
        out.line(
          `prefsim view: ${v.task} seed ${v.seed}, ${plural(v.steps.length, 'step')}, ` +
            `${plural(v.frames, 'frame')} — open ${server.url}. Ctrl-C stops.`,
        );
      });
      await new Promise<void>((resolve) => {
        const stop = () => {
          void server.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
