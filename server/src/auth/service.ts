import { AppError, type LoginRequest, type StaffUser } from '@oac/shared';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { Principal } from '../http/principal';
import { burnPasswordCheck, verifyPassword } from './passwords';
import type { AuthRepository, StaffRow } from './repository';
import { LoginThrottle } from './throttle';
import { hashToken, looksLikeToken, newToken } from './tokens';

export const SESSION_COOKIE = 'oac_session';

export function toStaffUser(row: StaffRow): StaffUser {
  return { id: row.id, email: row.email, name: row.name, role: row.role, officeId: row.office_id };
}

export class AuthService {
  // Ten wrong passwords per account, or fifty per address, in fifteen minutes.
  private readonly perEmail = new LoginThrottle({ maxFailures: 10, windowMs: 15 * 60_000 });
  private readonly perAddress = new LoginThrottle({ maxFailures: 50, windowMs: 15 * 60_000 });

  constructor(
    private readonly repo: AuthRepository,
    private readonly options: { sessionTtlHours: number; cookieSecure: boolean },
  ) {}

  async login(input: LoginRequest, address: string): Promise<{ user: StaffUser; cookie: string }> {
    const email = input.email.toLowerCase();
    const wait = Math.max(this.perEmail.waitFor(email), this.perAddress.waitFor(address));
    if (wait > 0) {
      throw new AppError('rate_limited', 'Too many failed attempts. Please wait a few minutes.', {
        retryAfterSeconds: Math.ceil(wait / 1000),
      });
    }
    const row = await this.repo.findStaffByEmail(email);
    const ok = row?.active ? await verifyPassword(row.password_hash, input.password) : (await burnPasswordCheck(input.password), false);
    if (!row || !ok) {
      this.perEmail.fail(email);
      this.perAddress.fail(address);
      throw new AppError('invalid_credentials', 'The e-mail or the password is not right.');
    }
    this.perEmail.succeed(email);
    const token = newToken();
    await this.repo.createSession(hashToken(token), row.id, this.options.sessionTtlHours);
    return { user: toStaffUser(row), cookie: this.sessionCookie(token, this.options.sessionTtlHours * 3600) };
  }

  async logout(cookieHeader: string | undefined): Promise<string> {
    const token = readSessionToken(cookieHeader);
    if (token) await this.repo.deleteSession(hashToken(token));
    return this.sessionCookie('', 0);
  }

  /** Bearer token (a citizen's private link) first, then the staff session cookie. */
  async resolve(authorization: string | undefined, cookieHeader: string | undefined): Promise<Principal | null> {
    if (authorization) return this.resolveCitizen(authorization);
    const token = readSessionToken(cookieHeader);
    if (!token) return null;
    const row = await this.repo.findSessionUser(hashToken(token));
    if (!row) return null;
    return { kind: 'staff', userId: row.id, name: row.name, role: row.role, officeId: row.office_id, email: row.email };
  }

  async resolveCitizenToken(token: string): Promise<Principal> {
    if (!looksLikeToken(token)) throw new AppError('invalid_token', 'This appointment link is not valid.');
    const appt = await this.repo.findAppointmentByTokenHash(hashToken(token));
    if (!appt) throw new AppError('invalid_token', 'This appointment link is not valid.');
    return { kind: 'citizen', appointmentId: appt.id, name: appt.citizen_name };
  }

  private resolveCitizen(authorization: string): Promise<Principal> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) return Promise.reject(new AppError('invalid_token', 'This appointment link is not valid.'));
    return this.resolveCitizenToken(match[1]!);
  }

  private sessionCookie(value: string, maxAge: number): string {
    return stringifySetCookie({
      name: SESSION_COOKIE,
      value,
      httpOnly: true,
      sameSite: 'lax',
      secure: this.options.cookieSecure,
      path: '/',
      maxAge,
    });
  }
}

export function readSessionToken(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  const token = parseCookie(cookieHeader)[SESSION_COOKIE];
  return token && looksLikeToken(token) ? token : null;
}
