import type { SlaTargets, StaffRole, TicketPriority } from '@oac/shared';
import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import { effectiveRank } from './effective';

type Runner = Db | Knex.Transaction;

export interface QueueConfigRow {
  id: string;
  code: string;
  name_ca: string;
  name_es: string;
  name_en: string;
  rank: number;
  effective_rank: number;
  default_priority: TicketPriority;
  active: boolean;
  supervisor_staff_id: string | null;
  open_tickets: number;
}

export interface StaffRow {
  id: string;
  name: string;
  role: StaffRole;
  office_id: string | null;
  active: boolean;
}

export interface PolicyRow {
  id: string;
  queue_id: string | null;
  priority: TicketPriority;
  own_minutes: number;
  resolve_minutes: number;
  warn_before_minutes: number;
}

export interface PeakRow {
  id: string;
  queue_id: string;
  office_id: string;
  date_from: string;
  date_to: string;
  reason: string;
  rank: number | null;
  created_by: string | null;
  queue_code: string;
  queue_name_ca: string;
  queue_name_es: string;
  queue_name_en: string;
  queue_rank: number;
  clerks: { id: string; name: string }[];
}

const STAFF_COLUMNS = ['id', 'name', 'role', 'office_id', 'active'] as const;

const PEAK_SELECT = `SELECT p.id, p.queue_id, p.office_id, to_char(p.date_from, 'YYYY-MM-DD') AS date_from,
    to_char(p.date_to, 'YYYY-MM-DD') AS date_to, p.reason, p.rank, c.name AS created_by, q.code AS queue_code,
    q.name_ca AS queue_name_ca, q.name_es AS queue_name_es, q.name_en AS queue_name_en, q.rank AS queue_rank,
    coalesce((SELECT json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name)
              FROM queue_peak_members pm JOIN staff_users u ON u.id = pm.staff_id WHERE pm.peak_id = p.id), '[]') AS clerks
  FROM queue_peaks p JOIN queues q ON q.id = p.queue_id LEFT JOIN staff_users c ON c.id = p.created_by_staff_id`;

/**
 * The queues' configuration (their rows, permanent members and SLA targets) and their seasonal
 * peaks. Staff accounts are only read here, for names and for whether someone may be a member.
 */
export class QueueAdminRepository {
  async queues(db: Runner, at: Date, id?: string): Promise<QueueConfigRow[]> {
    const { rows } = await db.raw<{ rows: QueueConfigRow[] }>(
      `SELECT q.id, q.code, q.name_ca, q.name_es, q.name_en, q.rank, ${effectiveRank('q', ':at')} AS effective_rank,
              q.default_priority, q.active, q.supervisor_staff_id,
              (SELECT count(*)::int FROM tickets t WHERE t.queue_id = q.id AND t.status NOT IN ('resolved', 'closed')) AS open_tickets
       FROM queues q ${id ? 'WHERE q.id = :id' : ''}
       ORDER BY q.active DESC, q.rank, q.code`,
      id ? { at, id } : { at },
    );
    return rows;
  }

  /** Locks the queue's row for the change that follows; false when there is no such queue. */
  async lock(trx: Knex.Transaction, id: string): Promise<boolean> {
    return (await trx.raw<{ rows: unknown[] }>('SELECT 1 FROM queues WHERE id = ? FOR UPDATE', [id])).rows.length > 0;
  }

  /** The permanent members of the queues, or of one. */
  async members(db: Runner, queueId?: string): Promise<(StaffRow & { queue_id: string })[]> {
    const query = db('queue_members as m')
      .join('staff_users as u', 'u.id', 'm.staff_id')
      .select('m.queue_id', ...STAFF_COLUMNS.map((c) => `u.${c}`))
      .orderBy('u.name');
    return queueId ? query.where('m.queue_id', queueId) : query;
  }

  staff(db: Runner, ids: string[]): Promise<StaffRow[]> {
    return ids.length ? db('staff_users').select(STAFF_COLUMNS).whereIn('id', ids) : Promise.resolve([]);
  }

  async insertQueue(
    trx: Runner,
    q: {
      code: string;
      name_ca: string;
      name_es: string;
      name_en: string;
      rank: number;
      default_priority: TicketPriority;
      supervisor_staff_id: string | null;
    },
  ): Promise<string> {
    const [row] = await trx('queues').insert(q).returning('id');
    return row.id;
  }

  async updateQueue(
    trx: Runner,
    id: string,
    change: Partial<{
      name_ca: string;
      name_es: string;
      name_en: string;
      rank: number;
      default_priority: TicketPriority;
      active: boolean;
      supervisor_staff_id: string | null;
    }>,
  ): Promise<void> {
    await trx('queues').where({ id }).update(change);
  }

  async replaceMembers(trx: Runner, queueId: string, staffIds: string[]): Promise<void> {
    await trx('queue_members').where({ queue_id: queueId }).delete();
    if (staffIds.length) await trx('queue_members').insert(staffIds.map((staff_id) => ({ queue_id: queueId, staff_id })));
  }

  async policies(db: Runner): Promise<PolicyRow[]> {
    return db('sla_policies').select('id', 'queue_id', 'priority', 'own_minutes', 'resolve_minutes', 'warn_before_minutes');
  }

  /** Sets a queue's own targets for a priority, or the default's (`queueId` null); answers the row's id. */
  async upsertPolicy(trx: Runner, queueId: string | null, priority: TicketPriority, t: SlaTargets): Promise<string> {
    const conflict = queueId === null ? '(priority) WHERE queue_id IS NULL' : '(queue_id, priority) WHERE queue_id IS NOT NULL';
    const { rows } = await trx.raw<{ rows: { id: string }[] }>(
      `INSERT INTO sla_policies (queue_id, priority, own_minutes, resolve_minutes, warn_before_minutes) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT ${conflict} DO UPDATE SET own_minutes = EXCLUDED.own_minutes, resolve_minutes = EXCLUDED.resolve_minutes,
         warn_before_minutes = EXCLUDED.warn_before_minutes
       RETURNING id`,
      [queueId, priority, t.ownMinutes, t.resolveMinutes, t.warnBeforeMinutes],
    );
    return rows[0]!.id;
  }

  /** Drops a queue's own targets for a priority; answers the row it dropped, if there was one. */
  async deletePolicy(trx: Runner, queueId: string, priority: TicketPriority): Promise<PolicyRow | undefined> {
    const rows: PolicyRow[] = await trx('sla_policies')
      .where({ queue_id: queueId, priority })
      .delete()
      .returning(['id', 'queue_id', 'priority', 'own_minutes', 'resolve_minutes', 'warn_before_minutes']);
    return rows[0];
  }

  office(db: Runner, id: string): Promise<{ id: string; time_zone: string } | undefined> {
    return db('offices').select('id', 'time_zone').where({ id }).first();
  }

  /** An office's peaks that end on `since` or later, the soonest first. */
  async peaks(db: Runner, officeId: string, since: string): Promise<PeakRow[]> {
    const { rows } = await db.raw<{ rows: PeakRow[] }>(
      `${PEAK_SELECT} WHERE p.office_id = ? AND p.date_to >= ?::date ORDER BY p.date_from, q.rank, q.code, p.created_at`,
      [officeId, since],
    );
    return rows;
  }

  async peak(db: Runner, id: string, lock = false): Promise<PeakRow | undefined> {
    if (lock) await db.raw('SELECT 1 FROM queue_peaks WHERE id = ? FOR UPDATE', [id]);
    const { rows } = await db.raw<{ rows: PeakRow[] }>(`${PEAK_SELECT} WHERE p.id = ?`, [id]);
    return rows[0];
  }

  async insertPeak(
    trx: Runner,
    p: {
      queue_id: string;
      office_id: string;
      date_from: string;
      date_to: string;
      reason: string;
      rank: number | null;
      created_by_staff_id: string;
    },
    clerkIds: string[],
  ): Promise<string> {
    const [row] = await trx('queue_peaks').insert(p).returning('id');
    if (clerkIds.length) await trx('queue_peak_members').insert(clerkIds.map((staff_id) => ({ peak_id: row.id, staff_id })));
    return row.id;
  }

  async endPeak(trx: Runner, id: string, lastDay: string): Promise<void> {
    await trx('queue_peaks').where({ id }).update({ date_to: lastDay });
  }

  async deletePeak(trx: Runner, id: string): Promise<void> {
    await trx('queue_peaks').where({ id }).delete();
  }
}
