/** Wire protocol version: every control message carries `v`; a mismatch gets an error reply. */
export const PROTOCOL_VERSION = 2;

/** Largest control message (JSON text) either side accepts, bytes. Labels and hellos are far smaller. */
export const MAX_CONTROL_BYTES = 16 * 1024;

/** Largest binary message a client may send: none are defined client → server, so any is refused. */
export const MAX_CLIENT_BINARY_BYTES = 0;

/**
 * Largest WebSocket message the server reads at all (the `ws` server's `maxPayload`), bytes.
 * Up to this size an oversized or malformed message gets an error reply and the connection stays
 * usable. Above it, `ws` sees the length in the frame header and closes the connection with
 * 1009 (Message Too Big) without reading the payload, so no reply is possible; the client says so.
 */
export const MAX_MESSAGE_BYTES = 1 << 20;

/** WebSocket close code `ws` uses for a message above MAX_MESSAGE_BYTES (RFC 6455 §7.4.1). */
export const CLOSE_TOO_BIG = 1009;
