/**
 * Worker side of "models by content hash": a model reference `sha256:<hex>` becomes a local file
 * whose bytes were checked against the hash. Looked up in the local cache, then in shared
 * folders, then fetched from the queue's blob store. The file is hashed again on every use, so a
 * model changed on disk after caching is refused, never run.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HashRefSchema, refHex, sha256Hex } from './content-hash.ts';
import type { BlobStore } from './blob-store.ts';

export interface ModelCacheOptions {
  /** Folder of verified models, `<hex>.onnx` (created when missing). */
  dir: string;
  /** Shared folders (e.g. a network mount) holding `<hex>.onnx` or `*-<hex12>.onnx` files. */
  shared?: string[];
}

export class ModelCache {
  constructor(
    private readonly blobs: BlobStore,
    private readonly opts: ModelCacheOptions,
  ) {
    mkdirSync(opts.dir, { recursive: true });
  }

  /** Path of a verified local copy of the model `ref`; `field` names it in errors. */
  async resolve(ref: string, field: string): Promise<string> {
    const parsed = HashRefSchema.safeParse(ref);
    if (!parsed.success) {
      throw new Error(
        `${field}: expected a content hash reference sha256:<64 hex>, got "${ref}" (a worker runs only models it ` +
          `can verify)`,
      );
    }
    const hex = refHex(ref);
    const cached = join(this.opts.dir, `${hex}.onnx`);
    if (existsSync(cached)) {
      if (sha256Hex(readFileSync(cached)) === hex) return cached;
    }
    const bytes = this.#fromShared(hex) ?? (await this.blobs.get(ref, field));
    const tmp = `${cached}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, cached);
    // Re-read what landed on disk: the path handed on must hold exactly the verified bytes.
    if (sha256Hex(readFileSync(cached)) !== hex)
      throw new Error(`${field}: cached copy does not match its hash; refusing to use it`);
    return cached;
  }

  /** Resolves every role of a job's `models` record; `field` is the record's name. */
  async resolveAll(models: Record<string, string>, field = 'models'): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const [role, ref] of Object.entries(models)) out[role] = await this.resolve(ref, `${field}.${role}`);
    return out;
  }

  #fromShared(hex: string): Uint8Array | undefined {
    for (const dir of this.opts.shared ?? []) {
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)) {
        if (name !== `${hex}.onnx` && !name.endsWith(`-${hex.slice(0, 12)}.onnx`)) continue;
        const bytes = new Uint8Array(readFileSync(join(dir, name)));
        if (sha256Hex(bytes) === hex) return bytes;
      }
    }
    return undefined;
  }
}
