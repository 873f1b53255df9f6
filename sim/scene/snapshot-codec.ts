/**
 * Scene snapshots: a small JSON header of our own state, then Rapier's world bytes.
 * Layout: "PSSN" | u16 version | u32 header length | header JSON (UTF-8) | world bytes.
 */
const MAGIC = [0x50, 0x53, 0x53, 0x4e]; // "PSSN"
const VERSION = 1;
const PREFIX = 10;

export interface SnapshotHeader {
  task: string;
  seed: number;
  stepsTaken: number;
  /** Task-specific numbers fixed at creation (start metrics, goal pose...). */
  context: Record<string, number>;
}

export function encodeSnapshot(header: SnapshotHeader, world: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(PREFIX + json.length + world.length);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint16(4, VERSION, true);
  view.setUint32(6, json.length, true);
  out.set(json, PREFIX);
  out.set(world, PREFIX + json.length);
  return out;
}

export function decodeSnapshot(bytes: Uint8Array): { header: SnapshotHeader; world: Uint8Array } {
  if (bytes.length < PREFIX || MAGIC.some((m, i) => bytes[i] !== m)) {
    throw new Error('snapshot: not a prefsim scene snapshot (bad magic bytes)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== VERSION) throw new Error(`snapshot: version ${version} is not supported (expected ${VERSION})`);
  const len = view.getUint32(6, true);
  if (PREFIX + len > bytes.length) {
    throw new Error(`snapshot: truncated (header needs ${PREFIX + len} bytes, file has ${bytes.length})`);
  }
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX, PREFIX + len))) as SnapshotHeader;
  return { header, world: bytes.subarray(PREFIX + len) };
}
