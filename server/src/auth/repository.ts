import type { StaffRole } from '@oac/shared';
import type { Db } from '../db/knex';

export interface StaffRow {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  office_id: string | null;
  password_hash: string;
  active: boolean;
}

const STAFF_COLUMNS = ['id', 'email', 'name', 'role', 'office_id', 'password_hash', 'active'] as const;

export class AuthRepository {
  constructor(private readonly db: Db) {}

  findStaffByEmail(email: string): Promise<StaffRow | undefined> {
    return this.db('staff_users').select(STAFF_COLUMNS).whereRaw('lower(email) = lower(?)', [email]).first();
  }

  async createSession(tokenHash: string, userId: string, ttlHours: number): Promise<void> {
    // Expired sessions are swept at each login, so the table stays the size of the live ones.
    await this.db('sessions').where('expires_at', '<', this.db.fn.now()).delete();
    await this.db('sessions').insert({
      token_hash: tokenHash,
      user_id: userId,
      expires_at: this.db.raw(`now() + (? || ' hours')::interval`, [ttlHours]),
    });
  }

  findSessionUser(tokenHash: string): Promise<StaffRow | undefined> {
    return this.db('sessions')
      .join('staff_users', 'staff_users.id', 'sessions.user_id')
      .where('sessions.token_hash', tokenHash)
      .andWhere('sessions.expires_at', '>', this.db.fn.now())
      .andWhere('staff_users.active', true)
      .first(STAFF_COLUMNS.map((c) => `staff_users.${c}`));
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db('sessions').where({ token_hash: tokenHash }).delete();
  }

  findAppointmentByTokenHash(tokenHash: string): Promise<{ id: string; citizen_name: string } | undefined> {
    return this.db('appointments').select('id', 'citizen_name').where({ token_hash: tokenHash }).whereNot({ status: 'cancelled' }).first();
  }
}
