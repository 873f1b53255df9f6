/**
 * Who may use the service (issue 17, item 1). Three checks, pure functions of the request:
 * - Host: bound to loopback, only a loopback Host header is served, so a page on another site
 *   whose name was rebound to 127.0.0.1 (DNS rebinding) is refused.
 * - Origin: a browser opening the WebSocket says which page asked; only the page itself (same
 *   origin) or an `--allow-origin` is accepted, so another site open in the annotator's browser
 *   cannot label. Clients that are not browsers send no Origin; the token still applies to them.
 * - Token beyond loopback: every HTTP request carries it, as `?token=` (the printed URL) or the
 *   cookie set on that first request, as Jupyter does.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface AccessPolicy {
  /** The server is bound to a loopback interface. */
  loopback: boolean;
  /** null: no token (loopback only). */
  token: string | null;
  /** Origins besides the page's own allowed to open the WebSocket. */
  allowOrigins: readonly string[];
  /** Cookie that carries the token after the first request; one per port. */
  cookieName: string;
}

export type Verdict = { ok: true; setCookie?: string } | { ok: false; status: 401 | 403; reason: string };

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Constant-time comparison of two secrets. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a),
    y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function hostName(hostHeader: string): string {
  return hostHeader.replace(/:\d+$/, '').toLowerCase();
}

/** Refuses a Host header that is not a loopback name while bound to loopback. */
export function checkHost(policy: AccessPolicy, req: IncomingMessage): Verdict {
  if (!policy.loopback) return { ok: true };
  const host = req.headers.host ?? '';
  return LOOPBACK_NAMES.has(hostName(host))
    ? { ok: true }
    : {
        ok: false,
        status: 403,
        reason: `Host ${JSON.stringify(host.slice(0, 100))} is not served here (bound to loopback)`,
      };
}

/** The WebSocket upgrade: same origin or an allowed one (no Origin: not a browser). */
export function checkOrigin(policy: AccessPolicy, req: IncomingMessage): Verdict {
  const origin = req.headers.origin;
  if (origin === undefined) return { ok: true };
  const host = req.headers.host ?? '';
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return { ok: false, status: 403, reason: `Origin ${JSON.stringify(origin.slice(0, 100))} is not a URL` };
  }
  if (parsed.host.toLowerCase() === host.toLowerCase() && (parsed.protocol === 'http:' || parsed.protocol === 'https:'))
    return { ok: true };
  if (policy.allowOrigins.includes(parsed.origin)) return { ok: true };
  return {
    ok: false,
    status: 403,
    reason: `Origin ${parsed.origin} is not this page's (${host}) nor in --allow-origin`,
  };
}

/** Beyond loopback, an HTTP request must carry the token (query or cookie); a query token sets the cookie. */
export function checkHttpToken(policy: AccessPolicy, req: IncomingMessage): Verdict {
  if (policy.loopback || policy.token === null) return { ok: true };
  const query = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
  if (query !== null && sameSecret(query, policy.token)) {
    return {
      ok: true,
      setCookie: `${policy.cookieName}=${encodeURIComponent(policy.token)}; Path=/; HttpOnly; SameSite=Strict`,
    };
  }
  const cookie = readCookie(req.headers.cookie ?? '', policy.cookieName);
  if (cookie !== null && sameSecret(cookie, policy.token)) return { ok: true };
  return { ok: false, status: 401, reason: 'a token is required: open the URL `prefsim serve` printed (…/?token=…)' };
}

function readCookie(header: string, name: string): string | null {
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}
