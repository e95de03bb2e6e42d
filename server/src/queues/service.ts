import {
  AppError,
  TicketPriority,
  type AdminQueue,
  type AdminQueues,
  type NewQueue,
  type Principal,
  type QueueFields,
  type SlaTarget,
  type SlaTargetRequest,
} from '@oac/shared';
import type { Knex } from 'knex';
import { actorOf, recordAudit } from '../audit/audit';
import { rethrowConstraint } from '../db/errors';
import type { Db } from '../db/knex';
import { assertQueueAdmin, type Admin } from './access';
import type { PolicyRow, QueueAdminRepository, QueueConfigRow, StaffRow } from './repository';
import { slaProblem } from './rules';

/** The targets a ticket gets when neither its queue nor the default has a row for its priority (as the tickets' SLA reads them). */
const BUILTIN_TARGETS = { ownMinutes: 60, resolveMinutes: 1440, warnBeforeMinutes: 15 };

const constraintError = rethrowConstraint({
  queues_code_unique: () => new AppError('queue_code_taken', 'Another queue already has that code.'),
  sla_policies_minutes: () => new AppError('sla_resolve_before_own', 'The time to resolve cannot be shorter than the time to own.'),
});

const staffView = (s: StaffRow) => ({ id: s.id, name: s.name, officeId: s.office_id, active: s.active });
const targetsOf = (p: PolicyRow) => ({
  ownMinutes: p.own_minutes,
  resolveMinutes: p.resolve_minutes,
  warnBeforeMinutes: p.warn_before_minutes,
});

/** Every priority's targets: a queue's own row wins over the default one (queue null), which wins over the built-in fallback. */
function slaFor(policies: PolicyRow[], queueId: string | null): SlaTarget[] {
  return TicketPriority.options.map((priority) => {
    const own = queueId ? policies.find((p) => p.queue_id === queueId && p.priority === priority) : undefined;
    const fallback = policies.find((p) => p.queue_id === null && p.priority === priority);
    if (own) return { priority, source: 'queue', ...targetsOf(own) };
    if (fallback) return { priority, source: 'default', ...targetsOf(fallback) };
    return { priority, source: 'builtin', ...BUILTIN_TARGETS };
  });
}

/**
 * The single window's queues as an admin configures them (issue 15): names, rank, default
 * priority, whether they take new tickets, their permanent members, supervisor and SLA targets.
 * Each change is one transaction with the queue's row locked, audited with what it was before and
 * what it is after.
 */
export class QueueAdminService {
  readonly #clock: () => Date;

  constructor(
    private readonly db: Db,
    private readonly repo: QueueAdminRepository,
    clock?: () => Date,
  ) {
    this.#clock = clock ?? (() => new Date());
  }

  async list(principal: Principal | null): Promise<AdminQueues> {
    assertQueueAdmin(principal);
    const [rows, members, policies] = await Promise.all([
      this.repo.queues(this.db, this.#clock()),
      this.repo.members(this.db),
      this.repo.policies(this.db),
    ]);
    const supervisors = await this.repo.staff(
      this.db,
      rows.flatMap((q) => (q.supervisor_staff_id ? [q.supervisor_staff_id] : [])),
    );
    return {
      queues: rows.map((q) => this.#view(q, members, policies, supervisors)),
      slaDefaults: slaFor(policies, null),
    };
  }

  async create(principal: Principal | null, input: NewQueue): Promise<AdminQueue> {
    const admin = assertQueueAdmin(principal);
    return this.db
      .transaction(async (trx) => {
        if (input.supervisorId) await this.#activeStaff(trx, [input.supervisorId], 'supervisorId');
        const id = await this.repo.insertQueue(trx, {
          code: input.code,
          name_ca: input.name.ca,
          name_es: input.name.es,
          name_en: input.name.en,
          rank: input.rank,
          default_priority: input.defaultPriority,
          supervisor_staff_id: input.supervisorId,
        });
        const after = await this.#queue(trx, id);
        await this.#audit(trx, admin, id, 'queue.created', { before: null, after }, { to: 'active' });
        return after;
      })
      .catch(constraintError);
  }

  save(principal: Principal | null, id: string, input: QueueFields): Promise<AdminQueue> {
    return this.#change(principal, id, 'queue.changed', async (trx) => {
      await this.repo.updateQueue(trx, id, {
        name_ca: input.name.ca,
        name_es: input.name.es,
        name_en: input.name.en,
        rank: input.rank,
        default_priority: input.defaultPriority,
      });
    });
  }

  /**
   * An inactive queue takes no new tickets or citizens in line (`queue_inactive`), and is no longer
   * offered to choose from; its open tickets and waiting citizens are still served by its members.
   */
  setActive(principal: Principal | null, id: string, active: boolean): Promise<AdminQueue> {
    return this.#change(principal, id, active ? 'queue.reactivated' : 'queue.deactivated', async (trx, before) => {
      if (before.active === active) return false;
      await this.repo.updateQueue(trx, id, { active });
    });
  }

  setMembers(principal: Principal | null, id: string, staffIds: string[]): Promise<AdminQueue> {
    const unique = [...new Set(staffIds)];
    return this.#change(principal, id, 'queue.members_set', async (trx) => {
      const staff = await this.#activeStaff(trx, unique, 'staffIds');
      const notClerk = staff.find((s) => s.role !== 'clerk');
      if (notClerk)
        throw new AppError('not_a_clerk', `${notClerk.name} is not a clerk: only clerks serve a queue.`, { staffId: notClerk.id });
      await this.repo.replaceMembers(trx, id, unique);
    });
  }

  setSupervisor(principal: Principal | null, id: string, staffId: string | null): Promise<AdminQueue> {
    return this.#change(principal, id, 'queue.supervisor_set', async (trx, before) => {
      if (before.supervisor?.id === staffId) return false;
      if (staffId) await this.#activeStaff(trx, [staffId], 'staffId');
      await this.repo.updateQueue(trx, id, { supervisor_staff_id: staffId });
    });
  }

  setSla(principal: Principal | null, id: string, input: SlaTargetRequest): Promise<AdminQueue> {
    assertTargets(input);
    return this.#change(principal, id, 'queue.sla_set', async (trx) => {
      await this.repo.upsertPolicy(trx, id, input.priority, input);
    });
  }

  clearSla(principal: Principal | null, id: string, priority: TicketPriority): Promise<AdminQueue> {
    return this.#change(principal, id, 'queue.sla_cleared', async (trx) => {
      if (!(await this.repo.deletePolicy(trx, id, priority))) return false;
    });
  }

  async setDefaultSla(principal: Principal | null, input: SlaTargetRequest): Promise<AdminQueues> {
    const admin = assertQueueAdmin(principal);
    assertTargets(input);
    await this.db
      .transaction(async (trx) => {
        const before = (await this.repo.policies(trx)).find((p) => p.queue_id === null && p.priority === input.priority);
        const policyId = await this.repo.upsertPolicy(trx, null, input.priority, input);
        const { priority, ownMinutes, resolveMinutes, warnBeforeMinutes } = input;
        await recordAudit(trx, {
          actor: actorOf(admin),
          entity: 'sla_policy',
          entityId: policyId,
          action: 'sla.default_set',
          details: { priority, before: before ? targetsOf(before) : null, after: { ownMinutes, resolveMinutes, warnBeforeMinutes } },
        });
      })
      .catch(constraintError);
    return this.list(principal);
  }

  /**
   * One change of one queue: the admin checked, the queue locked, the write (which answers false
   * when nothing changes: nothing is audited then), and the audit entry with before and after.
   */
  async #change(
    principal: Principal | null,
    id: string,
    action: string,
    write: (trx: Knex.Transaction, before: AdminQueue) => Promise<void | false>,
  ): Promise<AdminQueue> {
    const admin = assertQueueAdmin(principal);
    return this.db
      .transaction(async (trx) => {
        if (!(await this.repo.lock(trx, id))) throw new AppError('queue_not_found', 'That queue does not exist.');
        const before = await this.#queue(trx, id);
        if ((await write(trx, before)) === false) return before;
        const after = await this.#queue(trx, id);
        const states = action === 'queue.deactivated' || action === 'queue.reactivated' ? activity(before, after) : {};
        await this.#audit(trx, admin, id, action, { before: auditable(before), after: auditable(after) }, states);
        return after;
      })
      .catch(constraintError);
  }

  async #audit(
    trx: Knex.Transaction,
    admin: Admin,
    id: string,
    action: string,
    details: Record<string, unknown>,
    states: { from?: string; to?: string } = {},
  ): Promise<void> {
    await recordAudit(trx, { actor: actorOf(admin), entity: 'queue', entityId: id, action, ...states, details });
  }

  /** The staff named, all of them existing and active; `unknown_staff` or `staff_inactive` otherwise. */
  async #activeStaff(trx: Knex.Transaction, ids: string[], path: string): Promise<StaffRow[]> {
    const staff = await this.repo.staff(trx, ids);
    const missing = ids.find((id) => !staff.some((s) => s.id === id));
    if (missing) throw new AppError('unknown_staff', 'That staff account does not exist.', { path, staffId: missing });
    const inactive = staff.find((s) => !s.active);
    if (inactive) throw new AppError('staff_inactive', `${inactive.name}'s account is deactivated.`, { path, staffId: inactive.id });
    return staff;
  }

  async #queue(db: Knex.Transaction, id: string): Promise<AdminQueue> {
    const [rows, members, policies] = await Promise.all([
      this.repo.queues(db, this.#clock(), id),
      this.repo.members(db, id),
      this.repo.policies(db),
    ]);
    const row = rows[0]!;
    const supervisors = await this.repo.staff(db, row.supervisor_staff_id ? [row.supervisor_staff_id] : []);
    return this.#view(row, members, policies, supervisors);
  }

  #view(q: QueueConfigRow, members: (StaffRow & { queue_id: string })[], policies: PolicyRow[], staff: StaffRow[]): AdminQueue {
    const supervisor = staff.find((s) => s.id === q.supervisor_staff_id);
    return {
      id: q.id,
      code: q.code,
      name: { ca: q.name_ca, es: q.name_es, en: q.name_en },
      rank: q.rank,
      effectiveRank: q.effective_rank,
      defaultPriority: q.default_priority,
      active: q.active,
      supervisor: supervisor ? staffView(supervisor) : null,
      members: members.filter((m) => m.queue_id === q.id).map(staffView),
      sla: slaFor(policies, q.id),
      openTickets: q.open_tickets,
    };
  }
}

function assertTargets(t: SlaTargetRequest): void {
  const problem = slaProblem(t);
  if (problem) throw new AppError(problem, 'The time to resolve cannot be shorter than the time to own.', { path: 'resolveMinutes' });
}

/** What the audit keeps of a queue: its configuration, not its counts. */
function auditable(q: AdminQueue) {
  return {
    name: q.name,
    rank: q.rank,
    defaultPriority: q.defaultPriority,
    active: q.active,
    supervisorId: q.supervisor?.id ?? null,
    memberIds: q.members.map((m) => m.id),
    sla: q.sla.filter((s) => s.source === 'queue'),
  };
}

const activity = (before: AdminQueue, after: AdminQueue) => ({
  from: before.active ? 'active' : 'inactive',
  to: after.active ? 'active' : 'inactive',
});
