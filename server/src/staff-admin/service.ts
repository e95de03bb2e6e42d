import {
  AppError,
  type NewStaffAccount,
  type Principal,
  type StaffAccount,
  type StaffAccountChange,
  type StaffCredentials,
} from '@oac/shared';
import type { Knex } from 'knex';
import { actorOf, recordAudit } from '../audit/audit';
import { hashPassword } from '../auth/passwords';
import { assertManager } from '../catalogue/access';
import type { Db } from '../db/knex';
import { assertManagesAccount, assertMayDeactivate, assertMayGive, assertMayReset } from './access';
import { newPassword } from './password';
import type { AccountRow, StaffAdminRepository } from './repository';
import { rethrowConstraint } from '../db/errors';

/** Sessions that ended here before their time; whatever they hold open (sockets) must close. */
export type SessionsEnded = (ended: { tokenHash: string; userId: string }[]) => void;

const CONSTRAINT_ERRORS: Record<string, () => AppError> = {
  staff_users_email_unique: () => new AppError('email_taken', 'Another staff account already has that e-mail address.'),
  staff_users_office_id_foreign: () =>
    new AppError('validation_error', 'That office does not exist.', [{ path: 'officeId', code: 'unknown_office' }]),
};

const constraintError = rethrowConstraint(CONSTRAINT_ERRORS);

export function toStaffAccount(row: AccountRow): StaffAccount {
  return { id: row.id, email: row.email, name: row.name, role: row.role, officeId: row.office_id, active: row.active };
}

/** Staff accounts as admins and schedulers manage them (issue 14); every change is audited, no password ever is. */
export class StaffAdminService {
  constructor(
    private readonly db: Db,
    private readonly repo: StaffAdminRepository,
    private readonly sessionsEnded: SessionsEnded,
  ) {}

  async list(principal: Principal | null): Promise<StaffAccount[]> {
    const manager = assertManager(principal);
    return (await this.repo.accounts(this.db, manager.role === 'admin' ? null : manager.officeId)).map(toStaffAccount);
  }

  async create(principal: Principal | null, input: NewStaffAccount): Promise<StaffCredentials> {
    const manager = assertManager(principal);
    assertMayGive(manager, input.role, input.officeId);
    const password = newPassword();
    const passwordHash = await hashPassword(password);
    const account = await this.db
      .transaction(async (trx) => {
        const id = await this.repo.insert(trx, {
          email: input.email.toLowerCase(),
          name: input.name,
          role: input.role,
          office_id: input.officeId,
          password_hash: passwordHash,
        });
        const created = toStaffAccount((await this.repo.account(trx, id))!);
        await recordAudit(trx, {
          actor: actorOf(manager),
          entity: 'staff_user',
          entityId: id,
          action: 'staff.created',
          to: created.role,
          details: { before: null, after: created },
        });
        return created;
      })
      .catch(constraintError);
    return { account, password };
  }

  async change(principal: Principal | null, id: string, change: StaffAccountChange): Promise<StaffAccount> {
    const manager = assertManager(principal);
    return this.db
      .transaction(async (trx) => {
        await this.repo.lockAdmins(trx);
        const before = await this.#account(trx, id);
        assertManagesAccount(manager, before);
        const role = change.role ?? before.role;
        const officeId = change.officeId === undefined ? before.office_id : change.officeId;
        assertMayGive(manager, role, officeId);
        if (before.role === 'admin' && role !== 'admin') await this.#assertNotLastAdmin(trx, before);
        await this.repo.update(trx, id, { name: change.name ?? before.name, role, office_id: officeId });
        const after = toStaffAccount((await this.repo.account(trx, id))!);
        await recordAudit(trx, {
          actor: actorOf(manager),
          entity: 'staff_user',
          entityId: id,
          action: 'staff.changed',
          from: before.role,
          to: after.role,
          details: {
            before: { name: before.name, role: before.role, officeId: before.office_id },
            after: { name: after.name, role: after.role, officeId: after.officeId },
          },
        });
        return after;
      })
      .catch(constraintError);
  }

  /** Deactivating ends the account's sessions in the same transaction: it is logged out at once. */
  async setActive(principal: Principal | null, id: string, active: boolean): Promise<StaffAccount> {
    const manager = assertManager(principal);
    const { account, ended } = await this.db.transaction(async (trx) => {
      await this.repo.lockAdmins(trx);
      const before = await this.#account(trx, id);
      assertManagesAccount(manager, before);
      if (!active) assertMayDeactivate(manager, id);
      if (before.active === active) return { account: toStaffAccount(before), ended: [] };
      if (!active && before.role === 'admin') await this.#assertNotLastAdmin(trx, before);
      await this.repo.update(trx, id, { active });
      const ended = active ? [] : await this.repo.endSessions(trx, id);
      await recordAudit(trx, {
        actor: actorOf(manager),
        entity: 'staff_user',
        entityId: id,
        action: active ? 'staff.reactivated' : 'staff.deactivated',
        from: before.active ? 'active' : 'inactive',
        to: active ? 'active' : 'inactive',
        details: { before: { active: before.active }, sessionsEnded: ended.length },
      });
      return { account: toStaffAccount({ ...before, active }), ended };
    });
    this.#ended(id, ended);
    return account;
  }

  /** A new random password, answered once; the old one and every session of the account stop working. */
  async resetPassword(principal: Principal | null, id: string): Promise<StaffCredentials> {
    const manager = assertManager(principal);
    assertMayReset(manager, id);
    const password = newPassword();
    const passwordHash = await hashPassword(password);
    const { account, ended } = await this.db.transaction(async (trx) => {
      const row = await this.#account(trx, id);
      assertManagesAccount(manager, row);
      await this.repo.setPasswordHash(trx, id, passwordHash);
      const ended = await this.repo.endSessions(trx, id);
      await recordAudit(trx, {
        actor: actorOf(manager),
        entity: 'staff_user',
        entityId: id,
        action: 'staff.password_reset',
        details: { sessionsEnded: ended.length },
      });
      return { account: toStaffAccount(row), ended };
    });
    this.#ended(id, ended);
    return { account, password };
  }

  async #account(trx: Knex.Transaction, id: string): Promise<AccountRow> {
    const row = await this.repo.account(trx, id, true);
    if (!row) throw new AppError('not_found', 'That staff account does not exist.');
    return row;
  }

  async #assertNotLastAdmin(trx: Knex.Transaction, admin: AccountRow): Promise<void> {
    if (admin.active && (await this.repo.otherActiveAdmins(trx, admin.id)) === 0) {
      throw new AppError('last_admin', 'This is the last active admin: make someone else an admin first.');
    }
  }

  #ended(userId: string, tokenHashes: string[]): void {
    if (tokenHashes.length) this.sessionsEnded(tokenHashes.map((tokenHash) => ({ tokenHash, userId })));
  }
}
