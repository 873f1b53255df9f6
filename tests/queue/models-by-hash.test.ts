import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisClient } from 'bullmq';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  BlobStore,
  hashRef,
  ModelCache,
  openConnection,
  parseQueueUrl,
  publishModels,
  type BlobClient,
} from '../../pipeline/queue/index.ts';
import { startRedis, type RedisServer } from './fixtures/redis-server.ts';

let redis: RedisServer;
let conn: RedisClient;
let blobs: BlobStore;
let dir: string;

beforeAll(async () => {
  redis = await startRedis();
  conn = openConnection(parseQueueUrl(redis.url));
  conn.on('error', () => {});
  // ioredis connects on its own; wait until it is ready.
  await (conn as unknown as { ping(): Promise<string> }).ping();
  blobs = new BlobStore(conn as unknown as BlobClient);
  dir = mkdtempSync(join(tmpdir(), 'prefsim-models-test-'));
});

afterAll(async () => {
  conn?.disconnect();
  await redis?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const model = new Uint8Array(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256));

test('a model published by the coordinator reaches a worker by hash, verified', async () => {
  const file = join(dir, 'policy.onnx');
  writeFileSync(file, model);
  const refs = await publishModels({ policy: file }, blobs);
  expect(refs.policy).toBe(hashRef(model));
  const cache = new ModelCache(blobs, { dir: join(dir, 'cache-a') });
  const local = await cache.resolve(refs.policy, 'models.policy');
  expect(new Uint8Array(readFileSync(local))).toEqual(model);
  // A hash reference passes through publishing unchanged.
  expect(await publishModels(refs, blobs)).toEqual(refs);
});

test('a worker refuses a model it cannot verify', async () => {
  const ref = await blobs.put(model);
  // Someone overwrites the blob with other bytes under the same name.
  await conn.set(BlobStore.key(ref), Buffer.from('not the model').toString('base64'));
  const cache = new ModelCache(blobs, { dir: join(dir, 'cache-b') });
  await expect(cache.resolve(ref, 'models.reward')).rejects.toThrow(
    /^models\.reward: content does not match its hash .*refusing to use it$/,
  );
  await expect(cache.resolve('policy-v3', 'models.policy')).rejects.toThrow(
    'models.policy: expected a content hash reference sha256:<64 hex>, got "policy-v3"',
  );
  await expect(cache.resolve(hashRef(new Uint8Array([9])), 'models.policy')).rejects.toThrow(
    /no blob .* in the queue's store/,
  );
});

test(
  'a cached model changed on disk is fetched again, never used as is; ' + 'shared folders are searched first',
  async () => {
    const ref = await blobs.put(model);
    const cache = new ModelCache(blobs, { dir: join(dir, 'cache-c') });
    const path = await cache.resolve(ref, 'models.policy');
    writeFileSync(path, 'tampered');
    expect(new Uint8Array(readFileSync(await cache.resolve(ref, 'models.policy')))).toEqual(model);

    const other = new Uint8Array([1, 2, 3, 4]);
    const otherRef = hashRef(other);
    const shared = join(dir, 'shared');
    mkdirSync(shared);
    writeFileSync(join(shared, `push-T-explicit-${otherRef.slice(7, 19)}.onnx`), other);
    const viaShared = new ModelCache(blobs, { dir: join(dir, 'cache-d'), shared: [shared] });
    // Not in Redis at all: only the shared folder has it.
    expect(new Uint8Array(readFileSync(await viaShared.resolve(otherRef, 'models.reward')))).toEqual(other);
  },
);
