/**
 * Content-addressed blobs in Redis (models, scene snapshots): `put` stores bytes under their
 * sha256, `get` returns them only if they still hash to the name they were fetched by. Blobs put
 * without a time to live are counted per store that put them (`…:blobref:<hex>`), and `release`
 * deletes those no other store still holds, so a finished run leaves no blobs behind.
 */
import { hashRef, refHex, verifyRef } from './content-hash.ts';
import { KEY_PREFIX } from './connection.ts';

/** The part of BullMQ's Redis client the store needs (strings; bytes travel as base64). */
export interface BlobClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options?: { EX?: number }): Promise<string | null>;
  incr(key: string): Promise<number>;
  eval(script: string, numKeys: number, ...args: string[]): Promise<unknown>;
}

/** Drops one holder of a blob; the last one out deletes it (atomic in Redis). */
const RELEASE = `if redis.call('DECR', KEYS[1]) <= 0 then redis.call('DEL', KEYS[1], KEYS[2]) end return 1`;

export class BlobStore {
  readonly #held = new Set<string>();

  constructor(private readonly client: BlobClient) {}

  static key(ref: string): string {
    return `${KEY_PREFIX}:blob:${refHex(ref)}`;
  }

  static refKey(ref: string): string {
    return `${KEY_PREFIX}:blobref:${refHex(ref)}`;
  }

  /** Stores `bytes`; returns their `sha256:` reference. `ttlSeconds` lets snapshots expire. */
  async put(bytes: Uint8Array, ttlSeconds?: number): Promise<string> {
    const ref = hashRef(bytes);
    const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    await this.client.set(BlobStore.key(ref), b64, ttlSeconds ? { EX: ttlSeconds } : undefined);
    if (!ttlSeconds && !this.#held.has(ref)) {
      this.#held.add(ref);
      await this.client.incr(BlobStore.refKey(ref));
    }
    return ref;
  }

  /** Lets go of every blob this store put without a time to live. */
  async release(): Promise<void> {
    const refs = [...this.#held];
    this.#held.clear();
    await Promise.all(refs.map((ref) => this.client.eval(RELEASE, 2, BlobStore.refKey(ref), BlobStore.key(ref))));
  }

  /** The bytes named by `ref`, verified; throws if missing or if they do not match the hash. */
  async get(ref: string, what = ref): Promise<Uint8Array> {
    const b64 = await this.client.get(BlobStore.key(ref));
    if (b64 === null)
      throw new Error(
        `${what}: no blob ${refHex(ref).slice(0, 12)}… in the queue's store (expired or never published)`,
      );
    const bytes = new Uint8Array(Buffer.from(b64, 'base64'));
    verifyRef(bytes, ref, what);
    return bytes;
  }
}
