/**
 * Where the queue lives: a `redis://HOST:PORT` URL, parsed once at the boundary, and the BullMQ
 * names every coordinator and worker agree on.
 */
import { createIORedisClient, type RedisClient } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';

/** Prefix of every Redis key prefsim writes (BullMQ's keys and the blob store's). */
export const KEY_PREFIX = 'prefsim';
/** The one queue shared by all workers; the job name is its kind. */
export const QUEUE_NAME = 'jobs';

export const QueueUrlSchema = z
  .string()
  .regex(/^redis:\/\/[^\s:/@]+:\d{1,5}\/?$/, 'expected redis://HOST:PORT')
  .transform((s) => {
    const m = /^redis:\/\/([^\s:/@]+):(\d+)\/?$/.exec(s)!;
    return { host: m[1], port: Number(m[2]) };
  })
  .refine((c) => c.port >= 1 && c.port <= 65535, 'port out of range 1..65535')
  .describe('Redis URL of the queue, redis://HOST:PORT');

export interface QueueAddress {
  host: string;
  port: number;
}

/** Parses `redis://HOST:PORT`; the error names the field and what came. */
export function parseQueueUrl(url: string, field = 'queue'): QueueAddress {
  const r = QueueUrlSchema.safeParse(url);
  if (!r.success) throw new Error(`${field}: ${r.error.issues[0].message}, got "${url}"`);
  return r.data;
}

/**
 * A BullMQ Redis client for `addr`: ioredis behind BullMQ's adapter. It reconnects on its own
 * (backoff up to 1 s) and never gives up on a command (`maxRetriesPerRequest: null`, as BullMQ
 * workers require), so a Redis restart mid-run only pauses the run. BullMQ does not close
 * clients it was handed: call `disconnect()` after closing what used it.
 */
export function openConnection(addr: QueueAddress): RedisClient {
  const redis = new Redis({
    host: addr.host,
    port: addr.port,
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(1000, 50 * times),
  });
  return createIORedisClient(redis) as unknown as RedisClient;
}
