/**
 * WebSocket connections that have not signed in yet (issue 17, item 2): counted from the upgrade
 * until a right hello, per remote address and in all, so sockets that never say hello cannot
 * pile up. A slot is held until `release`, which the server calls on the right hello or when the
 * socket closes; a session closes a connection that has not signed in within its hello timeout.
 * Addresses with no pending connection are deleted, so the map is empty when nobody waits.
 */
export interface PendingLimits {
  /** Connections not yet signed in from one address. */
  perAddress: number;
  /** Connections not yet signed in from all addresses. */
  total: number;
}

export type Admission = { ok: true; release: () => void } | { ok: false; reason: string };

export class PendingConnections {
  readonly #byAddress = new Map<string, number>();
  #total = 0;

  constructor(private readonly limits: PendingLimits) {}

  /** A slot for a new connection from `address`, or why there is none. `release` is idempotent. */
  admit(address: string): Admission {
    const mine = this.#byAddress.get(address) ?? 0;
    if (mine >= this.limits.perAddress) {
      return {
        ok: false,
        reason: `${mine} connections from ${address} have not signed in yet (at most ${this.limits.perAddress})`,
      };
    }
    if (this.#total >= this.limits.total) {
      return { ok: false, reason: `${this.#total} connections have not signed in yet (at most ${this.limits.total})` };
    }
    this.#byAddress.set(address, mine + 1);
    this.#total++;
    let held = true;
    return {
      ok: true,
      release: () => {
        if (!held) return;
        held = false;
        this.#total--;
        const left = this.#byAddress.get(address)! - 1;
        if (left === 0) this.#byAddress.delete(address);
        else this.#byAddress.set(address, left);
      },
    };
  }

  /** Connections not signed in, in all. */
  get total(): number {
    return this.#total;
  }

  /** Addresses with a connection not signed in (the map's size). */
  get addresses(): number {
    return this.#byAddress.size;
  }
}
