import type { IceServer } from '@oac/shared';
import { createHmac } from 'node:crypto';

export interface IceSettings {
  stunUrls: string[];
  turnUrls: string[];
  /** coturn's `static-auth-secret` (its `use-auth-secret` mode). */
  turnSecret: string | undefined;
  turnTtlSeconds: number;
}

/**
 * The ICE servers a browser gets with each join. TURN credentials follow the TURN REST API scheme
 * that coturn's `use-auth-secret` checks: the username is `<expiry>:<id>` and the password
 * base64(HMAC-SHA1(secret, username)), so they expire on their own and the secret never leaves us.
 */
export function iceServersFor(settings: IceSettings, who: string, nowMs: number): IceServer[] {
  const servers: IceServer[] = [];
  if (settings.stunUrls.length > 0) servers.push({ urls: settings.stunUrls });
  if (settings.turnUrls.length > 0 && settings.turnSecret) {
    const username = `${Math.floor(nowMs / 1000) + settings.turnTtlSeconds}:${who}`;
    const credential = createHmac('sha1', settings.turnSecret).update(username).digest('base64');
    servers.push({ urls: settings.turnUrls, username, credential });
  }
  return servers;
}
