import type { StaffRole } from '@oac/shared';
import type { Runner } from '../appointments/repository';

/** A staff account without its password hash, which nothing here ever reads. */
export interface AccountRow {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  office_id: string | null;
  active: boolean;
}

const ACCOUNT_COLUMNS = ['id', 'email', 'name', 'role', 'office_id', 'active'] as const;

/** The staff accounts, and the sessions that end with them. */
export class StaffAdminRepository {
  /** Every account, or an office's. */
  accounts(db: Runner, officeId: string | null): Promise<AccountRow[]> {
    // By name alone: an account keeps its place in the list when it is deactivated.
    const query = db('staff_users').select(ACCOUNT_COLUMNS).orderBy(['name', 'id']);
    return officeId ? query.where({ office_id: officeId }) : query;
  }

  /** One account; `lock` holds its row until the transaction ends, so two changes of it queue. */
  account(db: Runner, id: string, lock = false): Promise<AccountRow | undefined> {
    const query = db('staff_users').select(ACCOUNT_COLUMNS).where({ id }).first();
    return lock ? query.forUpdate() : query;
  }

  async insert(trx: Runner, row: Omit<AccountRow, 'id' | 'active'> & { password_hash: string }): Promise<string> {
    const [created] = await trx('staff_users').insert(row).returning('id');
    return created.id;
  }

  async update(trx: Runner, id: string, change: Partial<Pick<AccountRow, 'name' | 'role' | 'office_id' | 'active'>>): Promise<void> {
    await trx('staff_users').where({ id }).update(change);
  }

  async setPasswordHash(trx: Runner, id: string, passwordHash: string): Promise<void> {
    await trx('staff_users').where({ id }).update({ password_hash: passwordHash });
  }

  /**
   * Serialises the changes that could leave the platform without an admin, across every server
   * process: two admins who switch each other off at once queue here, and the second finds the
   * first gone. An advisory lock, so no two transactions ever lock admin rows in opposite orders.
   */
  async lockAdmins(trx: Runner): Promise<void> {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', ['staff:admins']);
  }

  async otherActiveAdmins(trx: Runner, exceptId: string): Promise<number> {
    const rows: { id: string }[] = await trx('staff_users').select('id').where({ role: 'admin', active: true }).whereNot({ id: exceptId });
    return rows.length;
  }

  /** Ends every session of an account; answers their hashes, for the sockets they hold to close. */
  async endSessions(trx: Runner, userId: string): Promise<string[]> {
    const rows: { token_hash: string }[] = await trx('sessions').where({ user_id: userId }).delete().returning('token_hash');
    return rows.map((r) => r.token_hash);
  }
}
