/**
 * Content-addressed blobs in Redis (models, scene snapshots): `put` stores bytes under their
 * sha256, `get` returns them only if they still hash to the name they were fetched by.
 */
import { hashRef, refHex, verifyRef } from './content-hash.ts';
import { KEY_PREFIX } from './connection.ts';

/** The part of BullMQ's Redis client the store needs (strings; bytes travel as base64). */
export interface BlobClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options?: { EX?: number }): Promise<string | null>;
}

export class BlobStore {
  constructor(private readonly client: BlobClient) {}

  static key(ref: string): string {
    return `${KEY_PREFIX}:blob:${refHex(ref)}`;
  }

  /** Stores `bytes`; returns their `sha256:` reference. `ttlSeconds` lets snapshots expire. */
  async put(bytes: Uint8Array, ttlSeconds?: number): Promise<string> {
    const ref = hashRef(bytes);
    const b64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    await this.client.set(BlobStore.key(ref), b64, ttlSeconds ? { EX: ttlSeconds } : undefined);
    return ref;
  }

  /** The bytes named by `ref`, verified; throws if missing or if they do not match the hash. */
  async get(ref: string, what = ref): Promise<Uint8Array> {
    const b64 = await this.client.get(BlobStore.key(ref));
    if (b64 === null) throw new Error(`${what}: no blob ${refHex(ref).slice(0, 12)}… in the queue's store (expired or never published)`);
    const bytes = new Uint8Array(Buffer.from(b64, 'base64'));
    verifyRef(bytes, ref, what);
    return bytes;
  }
}
