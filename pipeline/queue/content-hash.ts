/** Content addresses: `sha256:<64 hex>` names bytes (models, snapshots) independently of where they live. */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const HashRefSchema = z
  .string()
  .regex(/^sha256:[0-9a-f]{64}$/, 'expected a content hash reference sha256:<64 lowercase hex>')
  .describe('content hash reference of a blob (model, snapshot)');

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function hashRef(bytes: Uint8Array): string {
  return `sha256:${sha256Hex(bytes)}`;
}

/** The hex digest of a `sha256:` reference (assumes it passed HashRefSchema). */
export function refHex(ref: string): string {
  return ref.slice('sha256:'.length);
}

/** Throws unless `bytes` hash to `ref`; `what` names the field in the message. */
export function verifyRef(bytes: Uint8Array, ref: string, what: string): void {
  const got = sha256Hex(bytes);
  if (got !== refHex(ref))
    throw new Error(
      `${what}: content does not match its hash (expected ${refHex(ref).slice(0, 12)}…, got ${got.slice(0, 12)}` +
        `…); refusing to use it`,
    );
}
