import type { StaffRole } from '@oac/shared';
import type { Db } from '../db/knex';
import { FORGET_AFTER_MS, type FailureCounter, type ThrottleScope } from './throttle';

export interface StaffRow {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  office_id: string | null;
  password_hash: string;
  active: boolean;
}

export interface SessionRow extends StaffRow {
  expires_at: Date;
}

const STAFF_COLUMNS = ['id', 'email', 'name', 'role', 'office_id', 'password_hash', 'active'] as const;

export interface CounterKey {
  key: string;
  scope: ThrottleScope;
}

export class AuthRepository {
  constructor(private readonly db: Db) {}

  findStaffByEmail(email: string): Promise<StaffRow | undefined> {
    return this.db('staff_users').select(STAFF_COLUMNS).whereRaw('lower(email) = lower(?)', [email]).first();
  }

  async createSession(tokenHash: string, userId: string, ttlHours: number): Promise<void> {
    // Expired sessions, devices and failure counters are swept at each login, so the tables stay the size of the live ones.
    await this.db('sessions').where('expires_at', '<', this.db.fn.now()).delete();
    await this.db('trusted_devices').where('expires_at', '<', this.db.fn.now()).delete();
    await this.db('auth_failures')
      .where('last_at', '<', this.db.raw(`now() - (? || ' milliseconds')::interval`, [FORGET_AFTER_MS]))
      .delete();
    await this.db('sessions').insert({
      token_hash: tokenHash,
      user_id: userId,
      expires_at: this.db.raw(`now() + (? || ' hours')::interval`, [ttlHours]),
    });
  }

  findSessionUser(tokenHash: string): Promise<SessionRow | undefined> {
    return this.db('sessions')
      .join('staff_users', 'staff_users.id', 'sessions.user_id')
      .where('sessions.token_hash', tokenHash)
      .andWhere('sessions.expires_at', '>', this.db.fn.now())
      .andWhere('staff_users.active', true)
      .first([...STAFF_COLUMNS.map((c) => `staff_users.${c}`), 'sessions.expires_at']);
  }

  /** Which of these sessions are still valid: not ended, not expired, and their user still active. */
  async liveSessions(tokenHashes: string[]): Promise<Set<string>> {
    if (tokenHashes.length === 0) return new Set();
    const rows: { token_hash: string }[] = await this.db('sessions')
      .join('staff_users', 'staff_users.id', 'sessions.user_id')
      .whereIn('sessions.token_hash', tokenHashes)
      .andWhere('sessions.expires_at', '>', this.db.fn.now())
      .andWhere('staff_users.active', true)
      .select('sessions.token_hash');
    return new Set(rows.map((r) => r.token_hash));
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db('sessions').where({ token_hash: tokenHash }).delete();
  }

  async trustedDeviceUser(tokenHash: string): Promise<string | null> {
    const row: { user_id: string } | undefined = await this.db('trusted_devices')
      .where({ token_hash: tokenHash })
      .andWhere('expires_at', '>', this.db.fn.now())
      .first('user_id');
    return row?.user_id ?? null;
  }

  async trustDevice(tokenHash: string, userId: string, ttlDays: number): Promise<void> {
    await this.db('trusted_devices').insert({
      token_hash: tokenHash,
      user_id: userId,
      expires_at: this.db.raw(`now() + (? || ' days')::interval`, [ttlDays]),
    });
  }

  /**
   * Counts one attempt on each counter, unless `decide` says the attempt must wait. The counters
   * are locked for the decision, in key order so that two logins never deadlock, and the attempt
   * is counted before the password is checked: concurrent attempts cannot all slip through the
   * same gap. A successful login gives its count back (`settleSuccess`).
   */
  async reserveAttempt(keys: CounterKey[], decide: (counters: FailureCounter[], now: number) => number): Promise<number> {
    const sorted = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return this.db.transaction(async (trx) => {
      await trx('auth_failures')
        .insert(sorted.map((k) => ({ key: k.key, scope: k.scope, failures: 0, last_at: trx.raw('to_timestamp(0)') })))
        .onConflict('key')
        .ignore();
      const rows: { key: string; scope: ThrottleScope; failures: number; last_ms: number; now_ms: number }[] = await trx('auth_failures')
        .whereIn(
          'key',
          sorted.map((k) => k.key),
        )
        .orderBy('key')
        .forUpdate()
        .select(
          'key',
          'scope',
          'failures',
          trx.raw('extract(epoch FROM last_at) * 1000 AS last_ms'),
          trx.raw('extract(epoch FROM now()) * 1000 AS now_ms'),
        );
      const now = Number(rows[0]?.now_ms ?? Date.now());
      const wait = decide(
        rows.map((r) => ({ scope: r.scope, failures: r.failures, lastAt: Number(r.last_ms) })),
        now,
      );
      if (wait > 0) return wait;
      await trx('auth_failures')
        .whereIn(
          'key',
          sorted.map((k) => k.key),
        )
        .update({
          failures: trx.raw(`CASE WHEN last_at < now() - (? || ' milliseconds')::interval THEN 1 ELSE failures + 1 END`, [FORGET_AFTER_MS]),
          last_at: trx.fn.now(),
        });
      return 0;
    });
  }

  /** After a successful login: the pair and device start afresh; the shared counters lose only this attempt. */
  async settleSuccess(keys: CounterKey[]): Promise<void> {
    const own = keys.filter((k) => k.scope === 'pair' || k.scope === 'device').map((k) => k.key);
    const shared = keys.filter((k) => k.scope === 'account' || k.scope === 'address').map((k) => k.key);
    if (own.length > 0) await this.db('auth_failures').whereIn('key', own).delete();
    if (shared.length > 0) {
      await this.db('auth_failures')
        .whereIn('key', shared)
        .update({ failures: this.db.raw('greatest(failures - 1, 0)') });
    }
  }
}
