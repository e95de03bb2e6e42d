import { AppError, type LoginRequest, type StaffUser } from '@oac/shared';
import { parseCookie, stringifySetCookie } from 'cookie';
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { isIPv6 } from 'node:net';
import type { Principal } from '../http/principal';
import { burnPasswordCheck, verifyPassword } from './passwords';
import type { AuthRepository, CounterKey, StaffRow } from './repository';
import { scopesFor, waitFor } from './throttle';
import { bearerToken, hashToken, looksLikeToken, newToken } from './tokens';

export const SESSION_COOKIE = 'oac_session';
/** Marks a browser where an account has logged in before (OWASP's device cookie). */
export const DEVICE_COOKIE = 'oac_device';
const DEVICE_TTL_DAYS = 180;

export function toStaffUser(row: StaffRow): StaffUser {
  return { id: row.id, email: row.email, name: row.name, role: row.role, officeId: row.office_id };
}

/** A staff session as a socket needs it: who, which session (to end it), and until when. */
export interface StaffSession {
  principal: Extract<Principal, { kind: 'staff' }>;
  tokenHash: string;
  expiresAt: Date;
}

export type AuthEvents = {
  /** A staff session ended before its time (logout); whatever it holds open must close. */
  sessionEnded: [{ tokenHash: string; userId: string }];
};

export interface LoginContext {
  /** The client's address, as the trusted proxies report it. */
  address: string;
  cookieHeader: string | undefined;
}

/**
 * The address a throttle counts: IPv4 as is, IPv6 by its /64, which is what one subscriber gets,
 * so that hopping through addresses of one's own prefix does not reset the count.
 */
export function throttleAddress(address: string): string {
  const ip = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, '').toLowerCase())
    .join(':')}::/64`;
}

const digest = (value: string) => createHash('sha256').update(value).digest('hex');

/** Where a citizen's private token is looked up: the appointments domain owns them. */
export interface CitizenTokens {
  findIdByTokenHash(tokenHash: string): Promise<{ id: string; citizen_name: string } | undefined>;
}

export class AuthService extends EventEmitter<AuthEvents> {
  constructor(
    private readonly repo: AuthRepository,
    private readonly citizens: CitizenTokens,
    private readonly options: { sessionTtlHours: number; cookieSecure: boolean },
  ) {
    super();
  }

  /** Logs a staff member in; the answer carries the session cookie and, for a new browser, a device cookie. */
  async login(input: LoginRequest, ctx: LoginContext): Promise<{ user: StaffUser; cookies: string[] }> {
    const email = input.email.toLowerCase();
    const row = await this.repo.findStaffByEmail(email);
    const deviceToken = readCookieToken(ctx.cookieHeader, DEVICE_COOKIE);
    const deviceUser = row && deviceToken ? await this.repo.trustedDeviceUser(hashToken(deviceToken)) : null;
    const trusted = deviceUser !== null && deviceUser === row?.id;
    const address = throttleAddress(ctx.address);
    const keys: CounterKey[] = scopesFor(trusted).map((scope) => ({
      scope,
      key: `${scope}:${digest(
        scope === 'device' ? deviceToken! : scope === 'pair' ? `${email}\n${address}` : scope === 'account' ? email : address,
      )}`,
    }));
    const wait = await this.repo.reserveAttempt(keys, waitFor);
    if (wait > 0) {
      const retryAfterSeconds = Math.ceil(wait / 1000);
      throw new AppError('rate_limited', 'Too many failed attempts. Please wait before trying again.', { retryAfterSeconds });
    }
    const ok = row?.active ? await verifyPassword(row.password_hash, input.password) : (await burnPasswordCheck(input.password), false);
    if (!row || !ok) throw new AppError('invalid_credentials', 'The e-mail or the password is not right.');
    await this.repo.settleSuccess(keys);
    const token = newToken();
    await this.repo.createSession(hashToken(token), row.id, this.options.sessionTtlHours);
    const cookies = [this.cookie(SESSION_COOKIE, token, this.options.sessionTtlHours * 3600, 'lax', '/')];
    if (!trusted) {
      const device = newToken();
      await this.repo.trustDevice(hashToken(device), row.id, DEVICE_TTL_DAYS);
      cookies.push(this.cookie(DEVICE_COOKIE, device, DEVICE_TTL_DAYS * 86_400, 'strict', '/api/auth'));
    }
    return { user: toStaffUser(row), cookies };
  }

  async logout(cookieHeader: string | undefined): Promise<string> {
    const token = readCookieToken(cookieHeader, SESSION_COOKIE);
    if (token) {
      const tokenHash = hashToken(token);
      const row = await this.repo.findSessionUser(tokenHash);
      await this.repo.deleteSession(tokenHash);
      if (row) this.emit('sessionEnded', { tokenHash, userId: row.id });
    }
    return this.cookie(SESSION_COOKIE, '', 0, 'lax', '/');
  }

  /** Bearer token (a citizen's private link) first, then the staff session cookie. */
  async resolve(authorization: string | undefined, cookieHeader: string | undefined): Promise<Principal | null> {
    if (authorization) return this.resolveCitizen(authorization);
    return (await this.resolveStaffSession(cookieHeader))?.principal ?? null;
  }

  async resolveStaffSession(cookieHeader: string | undefined): Promise<StaffSession | null> {
    const token = readCookieToken(cookieHeader, SESSION_COOKIE);
    if (!token) return null;
    const tokenHash = hashToken(token);
    const row = await this.repo.findSessionUser(tokenHash);
    if (!row) return null;
    return {
      principal: { kind: 'staff', userId: row.id, name: row.name, role: row.role, officeId: row.office_id, email: row.email },
      tokenHash,
      expiresAt: row.expires_at,
    };
  }

  /** Which of these staff sessions are still valid; the others' sockets must close. */
  liveSessions(tokenHashes: string[]): Promise<Set<string>> {
    return this.repo.liveSessions(tokenHashes);
  }

  async resolveCitizenToken(token: string): Promise<Principal> {
    if (!looksLikeToken(token)) throw new AppError('invalid_token', 'This appointment link is not valid.');
    // A cancelled appointment's link keeps working: its page says so; only the actions are refused.
    const appt = await this.citizens.findIdByTokenHash(hashToken(token));
    if (!appt) throw new AppError('invalid_token', 'This appointment link is not valid.');
    return { kind: 'citizen', appointmentId: appt.id, name: appt.citizen_name };
  }

  private resolveCitizen(authorization: string): Promise<Principal> {
    const token = bearerToken(authorization);
    if (!token) return Promise.reject(new AppError('invalid_token', 'This appointment link is not valid.'));
    return this.resolveCitizenToken(token);
  }

  private cookie(name: string, value: string, maxAge: number, sameSite: 'lax' | 'strict', path: string): string {
    return stringifySetCookie({ name, value, httpOnly: true, sameSite, secure: this.options.cookieSecure, path, maxAge });
  }
}

export function readCookieToken(cookieHeader: string | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  const token = parseCookie(cookieHeader)[name];
  return token && looksLikeToken(token) ? token : null;
}
