/**
 * Coordinator side of "models by content hash": every model reference of a job (registry id,
 * file path, `latest`) becomes `sha256:<hex>` and its bytes go to the queue's blob store, so any
 * worker can fetch and verify them.
 */
import { readFileSync } from 'node:fs';
import { HashRefSchema } from './content-hash.ts';
import type { BlobStore } from './blob-store.ts';

/** Maps a reference that is not already a hash (registry id, `latest`, path) to a file path. */
export type ModelPathResolver = (ref: string, role: string) => string;

export const filePathResolver: ModelPathResolver = (ref) => ref;

export async function publishModels(
  models: Record<string, string>,
  blobs: BlobStore,
  resolvePath: ModelPathResolver = filePathResolver,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [role, ref] of Object.entries(models)) {
    if (HashRefSchema.safeParse(ref).success) {
      out[role] = ref;
      continue;
    }
    const path = resolvePath(ref, role);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(path));
    } catch (e) {
      throw new Error(`models.${role}: cannot read "${path}" (from "${ref}"): ${(e as Error).message}`);
    }
    out[role] = await blobs.put(bytes);
  }
  return out;
}
