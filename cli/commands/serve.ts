import type { Command } from 'commander';
import { parseQueueUrl } from '../../pipeline/queue/index.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultDbPath, openStore } from '../../reward/store/index.ts';
import { SELECTOR_NAMES } from '../../reward/selection/index.ts';
import { TASK_IDS } from '../../sim/index.ts';
import { FLOWS } from '../../viewer/protocol/index.ts';
import { buildViewer, DIST_DIR } from '../../viewer/build.ts';
import {
  CANDIDATE_SOURCE_NAMES,
  EXPLICIT_TRAINER_MODULE,
  PortError,
  checkPortFree,
  isLoopback,
  startViewerServer,
  type ViewerServer,
} from '../../viewer/server/index.ts';
import { deprecatedAlias } from '../flag-alias.ts';
import { makeOutput } from '../output.ts';
import { choiceFlag, intFlag, UsageError } from '../usage-error.ts';

interface ServeFlags {
  host: string;
  port: string;
  task: string;
  db?: string;
  seed?: string;
  ahead: string;
  redundancy: string;
  retrainEvery: string;
  goldRate: string;
  repeatRate: string;
  goldMargin: string;
  trainer: string;
  token?: string | false;
  allowOrigin: string[];
  queue?: string;
  flow: string;
  candidateSource: string;
  streamFps: string;
  build: boolean;
  json?: boolean;
  selector: string;
  oversample: string;
  minOutcomeDistance: string;
}

/** `prefsim serve` — what `npm start` runs: the preference service and its three.js viewer. */
export function registerServe(program: Command): void {
  const serve = program
    .command('serve')
    .description('run the preference service: label queries in the browser (pairs, rankings, triplets)')
    .option('--host <addr>', 'interface to bind; beyond loopback --token is required', '127.0.0.1')
    .option('--port <n>', 'TCP port (0 = any free port)', '8080')
    .option('--task <id>', `task whose states are queried (${TASK_IDS.join(', ')})`, 'push-T')
    .option('--db <file>', 'SQLite preference store (default data/prefsim.db, or PREFSIM_DB)')
    .option('--seed <n>', 'seed of the first episode (default: after the last seed the store has seen for the task)')
    .option('--flow <name>', `flow prepared at start (${FLOWS.join(', ')})`, 'pair')
    .option(
      '--candidate-source <source>',
      `where candidate actions come from (${CANDIDATE_SOURCE_NAMES.join(', ')}); auto = the task's default policy ` +
        `in models/, else expert-mix`,
      'auto',
    )
    .option(
      '--selector <name>',
      `query selection with the live ensemble (${SELECTOR_NAMES.join(', ')}); uniform until a live model exists`,
      'uniform',
    )
    .option('--oversample <m>', "the selector picks the flow's K candidates from K·m", '1')
    .option(
      '--min-outcome-distance <m>',
      'draw again when two shown outcomes are closer than this (mean object-point distance, metres; 0 = off)',
      '0',
    )
    .option('--ahead <n>', 'queries prepared ahead per flow', '3')
    .option('--redundancy <n>', 'distinct annotators per query', '1')
    .option('--retrain-every <n>', 'labels between live reward-model retrainings', '20')
    .option(
      '--gold-rate <x>',
      'fraction of queries that are gold checks: a stored query whose outcomes differ clearly by the task metric (0–1)',
      '0',
    )
    .option(
      '--repeat-rate <x>',
      "fraction of queries that repeat one of the annotator's own, for self-consistency (0–1)",
      '0',
    )
    .option('--gold-margin <x>', "task-metric difference from which a pair's answer counts as known (gold)", '0.1')
    .option(
      '--trainer <name|module>',
      'live reward model: explicit (Bradley–Terry ensemble of 3), none, or a module exporting `trainer` and `loader`',
      'explicit',
    )
    .option(
      '--token <secret>',
      'shared secret annotators add as ?token=… (default: a random one per start, printed in the URL)',
    )
    .option('--no-token', 'no token (loopback only): any local program can label')
    .option(
      '--allow-origin <origin>',
      'a web origin besides the page itself allowed to open the WebSocket (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option('--stream-fps <n>', 'frames per second per rollout on the wire', '60')
    .option('--queue <url>', 'roll queries out on `prefsim worker`s through this Redis queue (redis://HOST:PORT)')
    .option('--no-build', 'serve viewer/dist as it is instead of rebuilding the bundle')
    .option('--json', 'print the URL as one JSON object once listening')
    .action(async (f: ServeFlags) => {
      const out = makeOutput(!!f.json);
      const task = choiceFlag('--task', f.task, TASK_IDS);
      const flow = choiceFlag('--flow', f.flow, FLOWS);
      const candidates = choiceFlag('--candidate-source', f.candidateSource, CANDIDATE_SOURCE_NAMES);
      const selector = choiceFlag('--selector', f.selector, SELECTOR_NAMES);
      const oversample = intFlag('--oversample', f.oversample, 1, 16);
      const minOutcomeDistance = Number(f.minOutcomeDistance);
      if (!(minOutcomeDistance >= 0 && Number.isFinite(minOutcomeDistance))) {
        throw new UsageError(
          `--min-outcome-distance: expected a distance in metres ≥ 0, got "${f.minOutcomeDistance}"`,
        );
      }
      if (f.token === false && !isLoopback(f.host)) {
        throw new UsageError(`--no-token: only allowed on loopback (127.0.0.1, ::1, localhost), got --host ${f.host}`);
      }
      const port = intFlag('--port', f.port, 0, 65535);
      const dbPath = f.db ?? defaultDbPath();
      const allowOrigins = f.allowOrigin.map(checkOrigin);
      // Fail fast: the store and the port are checked before the bundle build and the simulator start.
      openStore(dbPath).close();
      try {
        await checkPortFree(f.host, port);
      } catch (e) {
        if (e instanceof PortError) throw new UsageError(e.message.replace(/^serve: /, '--port: '));
        throw e;
      }
      const staticDir = f.build ? await buildViewer() : DIST_DIR;
      let server: ViewerServer;
      try {
        server = await startViewerServer(
          {
            host: f.host,
            port,
            task,
            seed: f.seed === undefined ? null : intFlag('--seed', f.seed, 0, 2 ** 31 - 1),
            dbPath,
            defaultFlow: flow,
            candidates,
            selector,
            oversample,
            minOutcomeDistance,
            ahead: intFlag('--ahead', f.ahead, 1, 32),
            redundancy: intFlag('--redundancy', f.redundancy, 1, 16),
            retrainEvery: intFlag('--retrain-every', f.retrainEvery, 1),
            trainerModule: trainerModule(f.trainer),
            goldRate: fractionFlag('--gold-rate', f.goldRate),
            repeatRate: fractionFlag('--repeat-rate', f.repeatRate),
            goldMargin: fractionFlag('--gold-margin', f.goldMargin, Infinity),
            ...(f.token === undefined ? {} : { token: f.token === false ? null : f.token }),
            allowOrigins,
            streamFps: intFlag('--stream-fps', f.streamFps, 1, 240),
            staticDir,
            queue: f.queue === undefined ? null : checkQueueUrl(f.queue),
          },
          {
            onError: (e) => out.log(`prefsim serve: ${e.message}`),
            onSwap: (id) => out.log(`live reward model swapped in: ${id}`),
            onNotice: (line) => out.log(`prefsim serve: ${line}`),
            onQuery: (q) => {
              if (q.selector === 'uniform' && q.skipped === 0) return;
              const score = q.selectorScore === null ? '' : ` score ${q.selectorScore.toFixed(4)}`;
              const skipped =
                q.skipped === 0 ? '' : `; skipped ${q.skipped} near-identical draw${q.skipped === 1 ? '' : 's'}`;
              out.log(`query (${q.flow}): selector ${q.selector}${score}${skipped}`);
            },
          },
        );
      } catch (e) {
        if (e instanceof PortError) throw new UsageError(e.message.replace(/^serve: /, '--port: '));
        throw e;
      }
      out.log(
        `store: ${server.store.path}; task: ${task}; candidates: ${server.candidates.name} (` +
          `${server.candidates.detail}); ${server.live.status}`,
      );
      out.result({ url: server.openUrl, task, db: server.store.path }, () => {
        out.line(
          `prefsim viewer: open ${server.openUrl} — type a name, pick "Compare two", ` +
            'then ← / → to label. Ctrl-C stops.',
        );
      });
      await new Promise<void>((res) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          res();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
    });
  deprecatedAlias(serve, '--candidates <source>', '--candidate-source');
}

/** A number flag in [0, max]. */
function fractionFlag(name: string, value: string, max = 1): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x < 0 || x > max) {
    throw new UsageError(`${name}: expected a number in [0, ${max}], got "${value}"`);
  }
  return x;
}

/** `--trainer`: a built-in name or a module file. */
function trainerModule(spec: string): URL | null {
  if (spec === 'explicit') return EXPLICIT_TRAINER_MODULE;
  if (spec === 'none') return null;
  const path = resolve(spec);
  if (!existsSync(path))
    throw new UsageError(
      `--trainer: expected explicit, none or a module file, found ${JSON.stringify(spec)} (no such file)`,
    );
  return pathToFileURL(path);
}

/** `--allow-origin`: an origin such as http://host:port (a path or query is an error). */
function checkOrigin(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(
      `--allow-origin: expected an origin such as http://annotate.example:8080, got ${JSON.stringify(value)}`,
    );
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.origin !== value.replace(/\/$/, '')) {
    throw new UsageError(
      `--allow-origin: expected an origin such as http://annotate.example:8080 (scheme, host, port only), got ` +
        `${JSON.stringify(value)}`,
    );
  }
  return u.origin;
}

function checkQueueUrl(url: string): string {
  try {
    parseQueueUrl(url, '--queue');
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return url;
}
