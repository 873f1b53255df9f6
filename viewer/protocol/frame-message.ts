/**
 * Binary frame messages, server → client: a 12-byte header naming the query, candidate and
 * frame index, then one frame record of sim/recording's frame codec (float32 or int16 with
 * per-frame bounds). Little-endian:
 *
 *   off  type  field
 *   0    u8    magic 0x46 ('F')
 *   1    u8    candidate index; 255 = the query's start state (before any action)
 *   2    u16   frame index within the candidate's rollout
 *   4    u16   frame count of that rollout
 *   6    u16   reserved, 0
 *   8    u32   query id
 *   12   frame record (sim/recording/frame-codec.ts)
 */
import { decodeFrame, encodeFrame, type FrameEncoding } from '../../sim/recording/frame-codec.ts';
import type { Frame } from '../../sim/types.ts';

export const FRAME_MAGIC = 0x46;
export const FRAME_MESSAGE_HEADER_BYTES = 12;
/** Candidate index of the start-state frame. */
export const START_STATE = 255;

export interface FrameHeader {
  queryId: number;
  candidate: number;
  index: number;
  count: number;
}

/** Header + frame bytes as one message. */
export function encodeFrameMessage(h: FrameHeader, frame: Frame, encoding: FrameEncoding = 'int16'): Uint8Array {
  return withHeader(h, encodeFrame(frame, encoding));
}

/** Prepends the header to an already encoded frame record (frames are encoded once per query). */
export function withHeader(h: FrameHeader, record: Uint8Array): Uint8Array {
  checkHeader(h);
  const out = new Uint8Array(FRAME_MESSAGE_HEADER_BYTES + record.byteLength);
  const dv = new DataView(out.buffer);
  dv.setUint8(0, FRAME_MAGIC);
  dv.setUint8(1, h.candidate);
  dv.setUint16(2, h.index, true);
  dv.setUint16(4, h.count, true);
  dv.setUint16(6, 0, true);
  dv.setUint32(8, h.queryId, true);
  out.set(record, FRAME_MESSAGE_HEADER_BYTES);
  return out;
}

/** Reads a frame message; throws an Error naming the bad field. */
export function decodeFrameMessage(bytes: Uint8Array): { header: FrameHeader; frame: Frame; encoding: FrameEncoding } {
  if (bytes.byteLength < FRAME_MESSAGE_HEADER_BYTES) {
    throw new Error(
      `frame message: expected at least ${FRAME_MESSAGE_HEADER_BYTES} header bytes, found ${bytes.byteLength}`,
    );
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint8(0) !== FRAME_MAGIC)
    throw new Error(`frame message: field magic: expected 0x46, found 0x${dv.getUint8(0).toString(16)}`);
  const header: FrameHeader = {
    candidate: dv.getUint8(1),
    index: dv.getUint16(2, true),
    count: dv.getUint16(4, true),
    queryId: dv.getUint32(8, true),
  };
  if (header.candidate !== START_STATE && header.index >= header.count) {
    throw new Error(`frame message: field index: expected < count ${header.count}, found ${header.index}`);
  }
  const { frame, encoding, byteLength } = decodeFrame(bytes, FRAME_MESSAGE_HEADER_BYTES);
  if (FRAME_MESSAGE_HEADER_BYTES + byteLength !== bytes.byteLength) {
    throw new Error(
      `frame message: ${bytes.byteLength - FRAME_MESSAGE_HEADER_BYTES - byteLength} trailing bytes after the ` +
        `frame record`,
    );
  }
  return { header, frame, encoding };
}

function checkHeader(h: FrameHeader): void {
  const check = (name: string, v: number, max: number) => {
    if (!Number.isInteger(v) || v < 0 || v > max)
      throw new Error(`frame message: field ${name}: expected an integer in [0, ${max}], found ${v}`);
  };
  check('candidate', h.candidate, 255);
  check('index', h.index, 0xffff);
  check('count', h.count, 0xffff);
  check('queryId', h.queryId, 0xffffffff);
}
