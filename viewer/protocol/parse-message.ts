/**
 * Reading one control message off the wire, on either side: size, JSON, type, version, then the
 * schema. Never throws; a bad message becomes an `error` reply naming the field.
 */
import { describeIssues, issuePath } from '../../reward/labels/describe-issues.ts';
import {
  CLIENT_TYPES,
  MessageSchema,
  SERVER_TYPES,
  type ErrorCode,
  type Message,
  type MessageType,
} from './messages.ts';
import { MAX_CONTROL_BYTES, PROTOCOL_VERSION } from './version.ts';

export interface ProtocolIssue {
  code: ErrorCode;
  message: string;
  /** Dotted path of the offending field, or null when the whole message is at fault. */
  field: string | null;
}

export type ParseResult<M extends Message = Message> = { ok: true; message: M } | { ok: false; issue: ProtocolIssue };

/** Which side is reading: a server reads client messages, a client reads server messages. */
export type Reader = 'server' | 'client';

const ALL_TYPES = MessageSchema.options.map((o) => o.shape.type.value) as MessageType[];

/** Parses JSON text of at most MAX_CONTROL_BYTES bytes into a message the `reader` may receive. */
export function parseMessage(text: string, reader: Reader, maxBytes = MAX_CONTROL_BYTES): ParseResult {
  // UTF-8 is at most 3 bytes per UTF-16 unit; only count exactly when the quick bound is exceeded.
  if (text.length * 3 > maxBytes && new TextEncoder().encode(text).byteLength > maxBytes) {
    return fail('oversized', `control message is larger than ${maxBytes} bytes`, null);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail('malformed', `not JSON: ${(e as Error).message}`, null);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail(
      'malformed',
      `expected a JSON object, found ${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : typeof raw}`,
      null,
    );
  }
  const obj = raw as Record<string, unknown>;
  const type = obj.type;
  const accepted: readonly string[] = reader === 'server' ? CLIENT_TYPES : SERVER_TYPES;
  if (typeof type !== 'string' || !accepted.includes(type)) {
    const why =
      typeof type !== 'string'
        ? `found ${JSON.stringify(type) ?? 'nothing'}`
        : ALL_TYPES.includes(type as MessageType)
          ? `"${type}" is only sent by the ${reader}`
          : `unknown type "${type}"`;
    return fail('unknown-type', `field type: expected one of ${accepted.join(', ')}; ${why}`, 'type');
  }
  if (obj.v !== PROTOCOL_VERSION) {
    return fail(
      'version',
      `field v: expected protocol version ${PROTOCOL_VERSION}, found ${JSON.stringify(obj.v) ?? 'nothing'}`,
      'v',
    );
  }
  const r = MessageSchema.safeParse(raw);
  if (!r.success) {
    return fail('invalid', describeIssues(r.error, raw), issuePath(r.error.issues[0].path));
  }
  return { ok: true, message: r.data };
}

function fail(code: ErrorCode, message: string, field: string | null): ParseResult {
  return { ok: false, issue: { code, message, field } };
}
