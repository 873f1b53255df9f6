/** `prefsim serve` settings, parsed once at the boundary (zod), read-only after. */
import { z } from 'zod';
import { HELD_OUT_FRACTION } from '../../reward/models/split.ts';
import { SELECTOR_NAMES } from '../../reward/selection/index.ts';
import { TASKS, TASK_IDS } from '../../sim/index.ts';
import { FlowSchema } from '../protocol/index.ts';
import { CANDIDATE_SOURCE_NAMES, DEFAULT_CANDIDATE_SOURCE } from './queries/index.ts';
import { EXPLICIT_TRAINER_MODULE } from './live-model/index.ts';

export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'] as const;

export const ServeConfigSchema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1').describe('interface to bind; beyond loopback a token is required'),
    port: z.number().int().min(0).max(65535).default(8080).describe('TCP port (0 = any free port)'),
    // Checked against the registry when parsed, so a task registered after import is accepted.
    task: z
      .string()
      .default('push-T')
      .refine((id) => Object.hasOwn(TASKS, id), {
        error: (i) =>
          `Invalid option: expected one of ${TASK_IDS.map((t) => JSON.stringify(t)).join('|')}` +
          ` (found ${JSON.stringify(i.input)})`,
      })
      .describe('task whose states are queried'),
    seed: z
      .number()
      .int()
      .min(0)
      .nullable()
      .default(null)
      .describe(
        'seed of the first episode, later ones count up; null: continue after the last seed the store has seen ' +
          'for the task',
      ),
    dbPath: z.string().min(1).describe('SQLite preference store'),
    candidates: z
      .enum(CANDIDATE_SOURCE_NAMES as unknown as [string, ...string[]])
      .default(DEFAULT_CANDIDATE_SOURCE)
      .describe(
        "where candidate actions come from: auto (the task's default policy in models/, else expert-mix), policy, " +
          'expert-mix',
      ),
    selector: z
      .enum(SELECTOR_NAMES)
      .default('uniform')
      .describe('query selection with the live ensemble: uniform, disagreement or entropy (uniform until one exists)'),
    oversample: z
      .number()
      .int()
      .min(1)
      .max(16)
      .default(1)
      .describe("the selector picks the flow's K candidates from K · oversample (1: the policy's K are shown)"),
    minOutcomeDistance: z
      .number()
      .min(0)
      .default(0)
      .describe('draw again when two shown outcomes are closer than this (mean object-point distance, metres); 0: off'),
    defaultFlow: FlowSchema.default('pair').describe('flow warmed at start'),
    ahead: z.number().int().min(1).max(32).default(3).describe('queries prepared ahead per flow in use'),
    redundancy: z.number().int().min(1).max(16).default(1).describe('distinct annotators per query'),
    retrainEvery: z.number().int().min(1).default(20).describe('labels between live-model retrainings'),
    trainerModule: z
      .instanceof(URL)
      .nullable()
      .default(EXPLICIT_TRAINER_MODULE)
      .describe(
        'module exporting trainer + loader (default: explicit Bradley–Terry ensemble), or null for no live model',
      ),
    trainerOptions: z
      .record(z.string(), z.unknown())
      .default({})
      .describe(
        `settings handed to the trainer (explicit: ensemble 3, epochs 30, points 128, minPairs 4, heldOut ` +
          `${HELD_OUT_FRACTION})`,
      ),
    token: z
      .string()
      .min(8)
      .max(256)
      .nullable()
      .optional()
      .describe(
        'shared secret annotators must send (in the page URL as ?token=); omitted: a random one per start; null: ' +
          'none, loopback only',
      ),
    allowOrigins: z
      .array(z.url().transform((u) => new URL(u).origin))
      .default([])
      .describe('web origins besides the page itself allowed to open the WebSocket'),
    maxWrongTokens: z.number().int().min(1).default(5).describe('wrong tokens on one connection before it is closed'),
    authDelayMs: z
      .number()
      .min(0)
      .default(250)
      .describe(
        'delay before answering a hello from an address after its first wrong token, ms; doubles per wrong token',
      ),
    authDelayMaxMs: z.number().min(0).default(30_000).describe('cap of that delay, ms'),
    messagesPerSecond: z
      .number()
      .positive()
      .default(20)
      .describe('sustained control messages per second per connection; beyond the burst the connection is closed'),
    messageBurst: z.number().int().min(1).default(60).describe('control messages a connection may send at once'),
    maxPendingPerAddress: z
      .number()
      .int()
      .min(1)
      .default(16)
      .describe('WebSocket connections from one address that have not signed in yet; more are refused (503)'),
    maxPending: z
      .number()
      .int()
      .min(1)
      .default(128)
      .describe('WebSocket connections from all addresses that have not signed in yet'),
    helloTimeoutMs: z
      .number()
      .int()
      .min(1)
      .default(15_000)
      .describe('a WebSocket connection that has not signed in (right hello) within this time is closed, ms'),
    maxQueuedBytes: z
      .number()
      .int()
      .min(1024)
      .default(8 << 20)
      .describe('bytes queued on a socket (a client that does not read) above which it is disconnected'),
    streamFps: z
      .number()
      .min(1)
      .max(240)
      .default(60)
      .describe('frames per second per rollout on the wire (30 = real time)'),
    highWaterBytes: z
      .number()
      .int()
      .min(1024)
      .default(1 << 20)
      .describe('socket queue above which frames are dropped, bytes'),
    staticDir: z.string().min(1).describe('folder of the built viewer bundle'),
    goldRate: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe(
        'fraction of served queries that are gold checks: a query whose outcomes differ clearly by the ' +
          'task metric, one others labelled or, for a lone annotator, a fresh one ready in the pool (0–1)',
      ),
    repeatRate: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe("fraction of served queries that repeat one of the annotator's own, for self-consistency (0–1)"),
    goldMargin: z
      .number()
      .min(0)
      .default(0.1)
      .describe("task-metric difference from which a pair's answer counts as known (gold), in the metric's units"),
    queue: z
      .string()
      .regex(/^redis:\/\/[^\s:/@]+:\d{1,5}\/?$/, 'expected redis://HOST:PORT')
      .nullable()
      .default(null)
      .describe(
        "roll queries out on remote `prefsim worker`s through this Redis queue (null: in the server's rollout worker)",
      ),
  })
  .refine((c) => c.goldRate + c.repeatRate <= 1, {
    message: 'goldRate + repeatRate must be at most 1',
    path: ['repeatRate'],
  })
  .refine((c) => c.token !== null || isLoopback(c.host), {
    message: 'a token is required when binding beyond loopback (127.0.0.1, ::1, localhost)',
    path: ['token'],
  });

export function isLoopback(host: string): boolean {
  return (LOOPBACK_HOSTS as readonly string[]).includes(host);
}

export type ServeConfig = z.output<typeof ServeConfigSchema>;
export type ServeConfigInput = z.input<typeof ServeConfigSchema>;
