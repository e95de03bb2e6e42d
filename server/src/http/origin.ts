import { AppError } from '@oac/shared';
import type { IncomingHttpHeaders } from 'node:http';

/*
 * Cross-site request forgery. SameSite=Lax stops other sites, but not other origins of the same
 * site: a page on another port of the same host, or on a sibling subdomain of the council's domain,
 * is same-site and its requests carry the staff cookie (issue 11, §2). So every state-changing
 * request, and every socket handshake, must come from the platform's own origin.
 *
 * Browsers say where a request comes from in `Origin` (every cross-origin request, every POST,
 * every WebSocket) and in `Sec-Fetch-Site`. A request with neither is not from a browser page,
 * so it carries no ambient cookie an attacker could borrow, and it is let through.
 */

export interface OriginPolicy {
  /** The configured public origin (PUBLIC_URL), or null to accept the origin the request was sent to. */
  publicOrigin: string | null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The origin of a URL string, or null when it is not an http(s) URL. */
function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * Why a request must be refused as coming from another origin, or null when it may go on.
 * Without a configured public origin (development), the request's own Host is the origin.
 */
export function foreignOriginReason(headers: IncomingHttpHeaders, policy: OriginPolicy): string | null {
  const origin = one(headers.origin);
  if (origin !== undefined) {
    const from = originOf(origin);
    if (!from) return `unreadable Origin ${JSON.stringify(origin.slice(0, 80))}`;
    if (policy.publicOrigin) return from === policy.publicOrigin ? null : `Origin ${from} is not ${policy.publicOrigin}`;
    const host = one(headers.host);
    return host && new URL(from).host === host.toLowerCase() ? null : `Origin ${from} is not this host (${host ?? 'none'})`;
  }
  const site = one(headers['sec-fetch-site']);
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site is ${site}`;
  return null;
}

export function assertSameOrigin(headers: IncomingHttpHeaders, policy: OriginPolicy): void {
  const reason = foreignOriginReason(headers, policy);
  if (reason) throw new AppError('forbidden_origin', 'This request must come from the platform’s own pages.', { reason });
}
