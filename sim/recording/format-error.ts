/** The one error type of the episode and frame codecs. */

/**
 * A malformed episode file or frame message. The message says what was being read, what was
 * expected, what was found and at which byte offset, e.g.
 * `episode file: magic at byte 0: expected "PSEP", found "PSEQ"`.
 */
export class EpisodeFormatError extends Error {
  override name = 'EpisodeFormatError';
  constructor(
    readonly what: string,
    readonly expected: string,
    readonly found: string,
    readonly offset: number,
  ) {
    super(`episode file: ${what} at byte ${offset}: expected ${expected}, found ${found}`);
  }
}
