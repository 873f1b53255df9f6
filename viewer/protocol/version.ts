/** Wire protocol version: every control message carries `v`; a mismatch gets an error reply. */
export const PROTOCOL_VERSION = 1;

/** Largest control message (JSON text) either side accepts, bytes. Labels and hellos are far smaller. */
export const MAX_CONTROL_BYTES = 16 * 1024;

/** Largest binary message a client may send: none are defined client → server, so any is refused. */
export const MAX_CLIENT_BINARY_BYTES = 0;
