/** Building outgoing control messages: stamps the version and serialises. */
import type { Message, MessageOf, MessageType } from './messages.ts';
import { PROTOCOL_VERSION } from './version.ts';

type Body<T extends MessageType> = Omit<MessageOf<T>, 'v' | 'type'>;

/** `message('undo', {})` → `{"v":1,"type":"undo"}` as a typed object. */
export function message<T extends MessageType>(type: T, body: Body<T>): MessageOf<T> {
  return { v: PROTOCOL_VERSION, type, ...body } as unknown as MessageOf<T>;
}

/** JSON text of a message. */
export function encodeMessage(m: Message): string {
  return JSON.stringify(m);
}
