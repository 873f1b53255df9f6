/**
 * Slows token guessing per remote address (issue 17, item 2). After an address's first wrong
 * token, every hello from it waits `baseMs · 2^(failures − 1)` (capped at `maxMs`) before it is
 * checked, right or wrong, so an early timeout tells a guesser nothing; opening new connections
 * does not reset it. A right token clears the address. Addresses unseen for `forgetMs` are
 * forgotten, and at most `maxAddresses` are kept (oldest dropped), so memory stays bounded.
 */
export interface AuthGuardOptions {
  baseMs: number;
  maxMs: number;
  forgetMs?: number;
  maxAddresses?: number;
  now?: () => number;
}

interface Record_ {
  failures: number;
  last: number;
}

export class AuthGuard {
  readonly #byAddress = new Map<string, Record_>();
  readonly #now: () => number;
  readonly #forgetMs: number;
  readonly #maxAddresses: number;

  constructor(private readonly opts: AuthGuardOptions) {
    this.#now = opts.now ?? Date.now;
    this.#forgetMs = opts.forgetMs ?? 15 * 60_000;
    this.#maxAddresses = opts.maxAddresses ?? 10_000;
  }

  /** Wrong tokens seen from `address` (recently). */
  failures(address: string): number {
    const r = this.#byAddress.get(address);
    if (!r) return 0;
    if (this.#now() - r.last > this.#forgetMs) {
      this.#byAddress.delete(address);
      return 0;
    }
    return r.failures;
  }

  /** How long to wait before checking a hello from `address`, ms. */
  delayMs(address: string): number {
    const n = this.failures(address);
    return n === 0 ? 0 : Math.min(this.opts.maxMs, this.opts.baseMs * 2 ** Math.min(n - 1, 30));
  }

  /** Records a wrong token; returns the address's failure count. */
  failed(address: string): number {
    const failures = this.failures(address) + 1;
    this.#byAddress.delete(address); // re-insert: the map's order is least recently failed first
    this.#byAddress.set(address, { failures, last: this.#now() });
    while (this.#byAddress.size > this.#maxAddresses) this.#byAddress.delete(this.#byAddress.keys().next().value!);
    return failures;
  }

  /** A right token: the address starts afresh. */
  succeeded(address: string): void {
    this.#byAddress.delete(address);
  }

  get size(): number {
    return this.#byAddress.size;
  }
}
