import type { Knex } from 'knex';
import { AppError, TicketPriority, type NoteVisibility, type ThirdPartyKind, type TicketChannel, type TicketStatus } from '@oac/shared';
import type { Db } from '../db/knex';
import { effectiveMembers, effectiveRank } from '../queues/effective';
import { calendarRules, SchedulingRepository } from '../scheduling/repository';
import type { BusinessCalendar, Pause, SlaTargets } from './sla';

type Runner = Db | Knex.Transaction;

/** A priority's place in the serving order, in SQL: urgent first, as `TicketPriority` lists them. */
export const priorityRankSql = (column: string): string =>
  `array_position(ARRAY[${TicketPriority.options.map((p) => `'${p}'`).join(',')}], ${column})`;

export interface TicketRow {
  id: string;
  number: string;
  status: TicketStatus;
  channel: string;
  priority: TicketPriority;
  queue_id: string | null;
  queue_code: string | null;
  queue_name_ca: string | null;
  queue_name_es: string | null;
  queue_name_en: string | null;
  service_id: string | null;
  service_code: string | null;
  service_name_ca: string | null;
  service_name_es: string | null;
  service_name_en: string | null;
  office_id: string;
  office_name_ca: string;
  office_name_es: string;
  office_name_en: string;
  subject: string;
  citizen_name: string;
  citizen_email: string | null;
  citizen_phone: string | null;
  language: 'ca' | 'es' | 'en';
  owner_staff_id: string | null;
  owner_name: string | null;
  created_at: Date;
  updated_at: Date;
  owned_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  escalated_at: Date | null;
  /** The first session's start: an appointment's ticket is owed attention from then, not from its booking. */
  first_session_at: Date | null;
  /** The clerks of the ticket's sessions. */
  session_clerk_ids: string[];
}

export interface TicketChange {
  status?: TicketStatus;
  queue_id?: string | null;
  service_id?: string | null;
  priority?: TicketPriority;
  owner_staff_id?: string | null;
  owned_at?: Date | null;
  resolved_at?: Date | null;
  closed_at?: Date | null;
  escalated_at?: Date | null;
  sla_resolve_met?: boolean | null;
}

export interface TicketFilter {
  /** Only these tickets may be seen: null for everything (an admin). */
  visible: { queueIds: string[]; staffId: string | null; officeId: string | null } | null;
  ownerId?: string;
  queueIds?: string[];
  statuses?: readonly TicketStatus[];
  /** A ticket number (or its start), or a citizen's e-mail. */
  q?: string;
  /** Only tickets not yet escalated to their supervisor. */
  unescalated?: boolean;
  /** The instant whose queue ranks order the list (a seasonal peak may change one): the service's clock, now by default. */
  at?: Date;
  limit: number;
}

export interface QueueRow {
  id: string;
  code: string;
  name_ca: string;
  name_es: string;
  name_en: string;
  rank: number;
  default_priority: TicketPriority;
  supervisor_staff_id: string | null;
  /** An inactive queue takes no new tickets; those in it are still served. */
  active: boolean;
  member: boolean;
}

const COLUMNS = `t.id, t.number, t.status, t.channel, t.priority, t.queue_id, q.code AS queue_code, q.name_ca AS queue_name_ca,
  q.name_es AS queue_name_es, q.name_en AS queue_name_en, t.service_id, v.code AS service_code, v.name_ca AS service_name_ca,
  v.name_es AS service_name_es, v.name_en AS service_name_en, t.office_id, o.name_ca AS office_name_ca, o.name_es AS office_name_es,
  o.name_en AS office_name_en, t.subject, t.citizen_name, t.citizen_email, t.citizen_phone, t.language, t.owner_staff_id,
  u.name AS owner_name, t.created_at, t.updated_at, t.owned_at, t.resolved_at, t.closed_at, t.escalated_at,
  s.first_session_at, coalesce(s.clerk_ids, '{}') AS session_clerk_ids`;

const FROM = `tickets t
  JOIN offices o ON o.id = t.office_id
  LEFT JOIN queues q ON q.id = t.queue_id
  LEFT JOIN services v ON v.id = t.service_id
  LEFT JOIN staff_users u ON u.id = t.owner_staff_id
  LEFT JOIN LATERAL (SELECT min(a.starts_at) AS first_session_at,
                            array_agg(DISTINCT a.clerk_id) FILTER (WHERE a.clerk_id IS NOT NULL) AS clerk_ids
                     FROM appointments a WHERE a.ticket_id = t.id AND a.status <> 'cancelled') s ON true`;

/**
 * Every read and write of tickets, their queues, pauses, notes and third-party links. A ticket's
 * number comes from the same per-office, per-year counter as an appointment's.
 */
export class TicketRepository {
  readonly #scheduling = new SchedulingRepository();

  /**
   * A page of the tickets that came in within [from, to) and still lack an SLA verdict, in id
   * order after the cursor. (Not by time: a JavaScript Date keeps milliseconds, PostgreSQL
   * microseconds, so a cursor on created_at would return its own last row again, for ever.)
   */
  async unsettled(
    db: Runner,
    span: { from: Date; to: Date },
    afterId: string | null,
    limit: number,
  ): Promise<(TicketRow & { sla_own_met: boolean | null; sla_resolve_met: boolean | null })[]> {
    const { rows } = await db.raw(
      `SELECT ${COLUMNS}, t.sla_own_met, t.sla_resolve_met FROM ${FROM}
       WHERE (t.sla_own_met IS NULL OR t.sla_resolve_met IS NULL) AND t.created_at >= ? AND t.created_at < ?
         AND t.id > ?::uuid
       ORDER BY t.id LIMIT ?`,
      [span.from, span.to, afterId ?? '00000000-0000-0000-0000-000000000000', limit],
    );
    return rows;
  }

  /** Settles a clock's verdict once; a verdict already settled stays. */
  async settleSla(db: Runner, id: string, own: boolean | null, resolve: boolean | null): Promise<void> {
    await db.raw(
      'UPDATE tickets SET sla_own_met = coalesce(sla_own_met, ?::boolean), sla_resolve_met = coalesce(sla_resolve_met, ?::boolean) WHERE id = ?',
      [own, resolve, id],
    );
  }

  async find(db: Runner, id: string, lock = false): Promise<TicketRow | undefined> {
    if (lock) await db.raw('SELECT 1 FROM tickets WHERE id = ? FOR UPDATE', [id]);
    const { rows } = await db.raw<{ rows: TicketRow[] }>(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.id = ?`, [id]);
    return rows[0];
  }

  async list(db: Runner, f: TicketFilter): Promise<{ rows: TicketRow[]; total: number }> {
    const where: string[] = [];
    const params: Knex.RawBinding[] = [];
    if (f.visible) {
      // What the person may see: their queues' tickets, those they own or had a session of, and
      // for a ticket with no queue, their office's.
      where.push(`(t.queue_id = ANY(?::uuid[]) OR t.owner_staff_id = ? OR ? = ANY(coalesce(s.clerk_ids, '{}'))
                   OR (t.queue_id IS NULL AND t.office_id = ?))`);
      params.push(f.visible.queueIds as unknown as Knex.RawBinding, f.visible.staffId, f.visible.staffId, f.visible.officeId);
    }
    if (f.ownerId) {
      where.push('t.owner_staff_id = ?');
      params.push(f.ownerId);
    }
    if (f.queueIds) {
      where.push('t.queue_id = ANY(?::uuid[])');
      params.push(f.queueIds as unknown as Knex.RawBinding);
    }
    if (f.statuses) {
      where.push('t.status = ANY(?::text[])');
      params.push([...f.statuses] as unknown as Knex.RawBinding);
    }
    if (f.q) {
      where.push(`(t.number ILIKE ? OR lower(t.citizen_email) = lower(?))`);
      params.push(`${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, f.q);
    }
    if (f.unescalated) where.push('t.escalated_at IS NULL');
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const { rows } = await db.raw<{ rows: (TicketRow & { total: number })[] }>(
      `SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM ${FROM} ${clause}
       ORDER BY ${priorityRankSql('t.priority')}, coalesce(${effectiveRank('q', '?')}, 99), t.created_at
       LIMIT ?`,
      [...params, f.at ?? new Date(), f.limit],
    );
    return { rows, total: rows[0]?.total ?? 0 };
  }

  async update(trx: Runner, id: string, change: TicketChange): Promise<void> {
    await trx('tickets')
      .where({ id })
      .update({ ...change, updated_at: trx.fn.now() });
  }

  /** A contact registered by hand or asked for now, numbered by its office's counter. */
  async insert(
    trx: Knex.Transaction,
    t: {
      officeId: string;
      ticketPrefix: string;
      serviceId: string | null;
      queueId: string | null;
      priority: TicketPriority;
      channel: TicketChannel;
      subject: string;
      citizenName: string;
      citizenEmail: string | null;
      citizenPhone: string | null;
      language: string;
      status: TicketStatus;
    },
  ): Promise<string> {
    if (!/^[A-Z]{2,8}$/.test(t.ticketPrefix)) throw new RangeError(`bad ticket prefix: ${t.ticketPrefix}`);
    const { rows } = await trx.raw<{ rows: { id: string }[] }>(
      `WITH c AS (
         INSERT INTO ticket_counters (prefix, year, last_value)
         VALUES (:prefix, extract(year FROM now() AT TIME ZONE 'Europe/Madrid')::int, 1)
         ON CONFLICT (prefix, year) DO UPDATE SET last_value = ticket_counters.last_value + 1
         RETURNING year, last_value)
       INSERT INTO tickets (number, office_id, service_id, queue_id, priority, channel, subject, citizen_name, citizen_email,
                            citizen_phone, language, status)
       SELECT :prefix || '-' || c.year || '-' || lpad(c.last_value::text, 6, '0'), :office, :service, :queue, :priority, :channel,
              :subject, :name, :email, :phone, :language, :status FROM c
       RETURNING id`,
      {
        prefix: t.ticketPrefix,
        office: t.officeId,
        service: t.serviceId,
        queue: t.queueId,
        priority: t.priority,
        channel: t.channel,
        subject: t.subject,
        name: t.citizenName,
        email: t.citizenEmail,
        phone: t.citizenPhone,
        language: t.language,
        status: t.status,
      },
    );
    return rows[0]!.id;
  }

  office(db: Runner, id: string): Promise<{ id: string; ticket_prefix: string } | undefined> {
    return db('offices').select('id', 'ticket_prefix').where({ id }).first();
  }

  service(db: Runner, id: string): Promise<{ id: string; queue_id: string | null; active: boolean } | undefined> {
    return db('services').select('id', 'queue_id', 'active').where({ id }).first();
  }

  /** The active queues in their serving order at `at`, each saying whether `staffId` serves it then (a peak may lend them). */
  async queues(db: Runner, staffId: string | null, at: Date): Promise<QueueRow[]> {
    const { rows } = await db.raw<{ rows: QueueRow[] }>(
      `SELECT q.id, q.code, q.name_ca, q.name_es, q.name_en, ${effectiveRank('q', ':at')} AS rank, q.default_priority,
              q.supervisor_staff_id, q.active,
              EXISTS (SELECT 1 FROM ${effectiveMembers(':at')} m WHERE m.queue_id = q.id AND m.staff_id = :staff) AS member
       FROM queues q WHERE q.active ORDER BY rank, q.code`,
      { at, staff: staffId },
    );
    return rows;
  }

  /** A queue, active or not (its supervisor still hears of its tickets); its own rank. */
  async queue(db: Runner, id: string): Promise<QueueRow | undefined> {
    return db('queues')
      .select('id', 'code', 'name_ca', 'name_es', 'name_en', 'rank', 'default_priority', 'supervisor_staff_id', 'active')
      .select(db.raw('false AS member'))
      .where({ id })
      .first();
  }

  /** A queue that takes new tickets: undefined when there is none, `queue_inactive` when it is deactivated. */
  async openQueue(db: Runner, id: string): Promise<QueueRow | undefined> {
    const queue = await this.queue(db, id);
    if (queue && !queue.active) throw new AppError('queue_inactive', 'That queue takes no new tickets: it is deactivated.');
    return queue;
  }

  async generalQueueId(db: Runner): Promise<string | null> {
    return ((await db('queues').where({ code: 'GENERAL', active: true }).first('id')) as { id: string } | undefined)?.id ?? null;
  }

  /** The queues a staff member serves at `at` (theirs, and those a peak lends them to), and those they supervise. */
  async membership(db: Runner, staffId: string, at: Date): Promise<{ memberOf: string[]; supervises: string[] }> {
    const [members, supervised] = await Promise.all([
      db
        .raw<{ rows: { queue_id: string }[] }>(`SELECT queue_id FROM ${effectiveMembers('?')} WHERE staff_id = ?`, [at, staffId])
        .then((r) => r.rows.map((m) => m.queue_id)),
      db('queues').where({ supervisor_staff_id: staffId }).pluck('id'),
    ]);
    return { memberOf: members, supervises: supervised };
  }

  async pauses(db: Runner, ticketIds: string[]): Promise<Map<string, Pause[]>> {
    const out = new Map<string, Pause[]>();
    if (!ticketIds.length) return out;
    const rows: { ticket_id: string; started_at: Date; ended_at: Date | null }[] = await db('ticket_pauses')
      .whereIn('ticket_id', ticketIds)
      .orderBy('started_at');
    for (const r of rows) out.set(r.ticket_id, [...(out.get(r.ticket_id) ?? []), { from: r.started_at, to: r.ended_at }]);
    return out;
  }

  async openPause(trx: Runner, ticketId: string, at: Date): Promise<void> {
    await trx.raw(
      `INSERT INTO ticket_pauses (ticket_id, started_at) VALUES (?, ?) ON CONFLICT (ticket_id) WHERE ended_at IS NULL DO NOTHING`,
      [ticketId, at],
    );
  }

  async closePause(trx: Runner, ticketId: string, at: Date): Promise<void> {
    await trx('ticket_pauses').where({ ticket_id: ticketId }).whereNull('ended_at').update({ ended_at: at });
  }

  /** The SLA targets of every queue and priority: a queue's own first, the default (queue null) after. */
  async policies(db: Runner): Promise<(SlaTargets & { queueId: string | null; priority: TicketPriority })[]> {
    const rows: {
      queue_id: string | null;
      priority: TicketPriority;
      own_minutes: number;
      resolve_minutes: number;
      warn_before_minutes: number;
    }[] = await db('sla_policies').select('queue_id', 'priority', 'own_minutes', 'resolve_minutes', 'warn_before_minutes');
    return rows.map((r) => ({
      queueId: r.queue_id,
      priority: r.priority,
      ownMinutes: r.own_minutes,
      resolveMinutes: r.resolve_minutes,
      warnBeforeMinutes: r.warn_before_minutes,
    }));
  }

  /** Each office's business calendar: its opening hours and its and the city's exceptions. */
  async calendars(db: Runner, officeIds: string[]): Promise<Map<string, BusinessCalendar>> {
    const out = new Map<string, BusinessCalendar>();
    for (const id of new Set(officeIds)) {
      const [office, hours, exceptions] = await Promise.all([
        db('offices').where({ id }).first('time_zone'),
        this.#scheduling.hours(db, id),
        this.#scheduling.exceptions(db, id),
      ]);
      out.set(id, { timeZone: (office as { time_zone: string }).time_zone, ...calendarRules(hours, exceptions) });
    }
    return out;
  }

  notes(db: Runner, ticketId: string, visibility?: NoteVisibility) {
    const q = db('ticket_notes')
      .select('id', 'visibility', 'body', 'author_name', 'from_citizen', 'created_at')
      .where({ ticket_id: ticketId })
      .orderBy('created_at');
    if (visibility) q.andWhere({ visibility });
    return q as Promise<
      { id: string; visibility: NoteVisibility; body: string; author_name: string; from_citizen: boolean; created_at: Date }[]
    >;
  }

  async insertNote(
    trx: Runner,
    n: { ticket_id: string; author_staff_id: string; author_name: string; visibility: NoteVisibility; body: string },
  ): Promise<string> {
    const [row] = await trx('ticket_notes').insert(n).returning('id');
    return row.id;
  }

  async insertCitizenNote(trx: Runner, n: { ticket_id: string; author_name: string; body: string }): Promise<void> {
    await trx('ticket_notes').insert({ ...n, author_staff_id: null, visibility: 'citizen', from_citizen: true });
  }

  links(db: Runner, ticketId: string) {
    return db('ticket_links')
      .select('id', 'kind', 'party', 'waiting_for', 'created_at', 'resolved_at')
      .where({ ticket_id: ticketId })
      .orderBy('created_at') as Promise<
      { id: string; kind: ThirdPartyKind; party: string; waiting_for: string; created_at: Date; resolved_at: Date | null }[]
    >;
  }

  async insertLink(
    trx: Runner,
    l: { ticket_id: string; kind: ThirdPartyKind; party: string; waiting_for: string; created_by_staff_id: string },
  ): Promise<string> {
    const [row] = await trx('ticket_links').insert(l).returning('id');
    return row.id;
  }

  /** Marks a link's wait as over; false when there is no such open link on the ticket. */
  async resolveLink(trx: Runner, ticketId: string, linkId: string): Promise<boolean> {
    const n = await trx('ticket_links')
      .where({ id: linkId, ticket_id: ticketId })
      .whereNull('resolved_at')
      .update({ resolved_at: trx.fn.now() });
    return n > 0;
  }

  sessions(db: Runner, ticketId: string) {
    return db('appointments as a')
      .leftJoin('staff_users as u', 'u.id', 'a.clerk_id')
      .select('a.id', 'a.channel', 'a.status', 'a.starts_at', 'u.name as clerk_name')
      .where('a.ticket_id', ticketId)
      .orderBy('a.starts_at') as Promise<{ id: string; channel: string; status: string; starts_at: Date; clerk_name: string | null }[]>;
  }

  /** The ticket's history: its own audit entries, and those of its appointments and their documents. */
  async timeline(db: Runner, ticketId: string, appointmentIds: string[]) {
    const { rows } = await db.raw<{
      rows: {
        at: Date;
        action: string;
        actor_name: string;
        from_state: string | null;
        to_state: string | null;
        details: Record<string, unknown>;
      }[];
    }>(
      `SELECT at, action, actor_name, from_state, to_state, details FROM audit_events
       WHERE (entity = 'ticket' AND entity_id = ?)
          OR (entity = 'appointment' AND entity_id = ANY(?::uuid[]))
          OR (entity = 'document' AND details->>'appointmentId' = ANY(?::text[]))
       ORDER BY at, id`,
      [ticketId, appointmentIds as unknown as Knex.RawBinding, appointmentIds as unknown as Knex.RawBinding],
    );
    return rows;
  }

  /** The chat of the ticket's sessions, oldest first, as lines of its history: who wrote what, and when. */
  async sessionChat(db: Runner, appointmentIds: string[]) {
    if (!appointmentIds.length) return [];
    const { rows } = await db.raw<{
      rows: { at: Date; action: string; actor_name: string; from_state: null; to_state: null; details: Record<string, unknown> }[];
    }>(
      `SELECT sent_at AS at, 'chat.message' AS action, author_name AS actor_name, NULL AS from_state, NULL AS to_state,
              jsonb_build_object('appointmentId', appointment_id, 'role', author_role, 'text', body) AS details
       FROM call_messages WHERE appointment_id = ANY(?::uuid[])
       ORDER BY sent_at, id`,
      [appointmentIds as unknown as Knex.RawBinding],
    );
    return rows;
  }

  async survey(
    db: Runner,
    ticketId: string,
  ): Promise<{ rating: number | null; solved: boolean | null; comment: string | null; answered_at: Date | null } | undefined> {
    return db('surveys').where({ ticket_id: ticketId }).first('rating', 'solved', 'comment', 'answered_at');
  }

  /** A resolved ticket's survey, once: a ticket reopened and resolved again keeps the first. */
  async insertSurvey(trx: Runner, ticketId: string, dueAt: Date): Promise<void> {
    await trx('surveys').insert({ ticket_id: ticketId, due_at: dueAt }).onConflict('ticket_id').ignore();
  }

  /** Records the answer unless there is one already: false then. */
  async answerSurvey(
    trx: Runner,
    ticketId: string,
    a: { rating: number; solved: boolean; comment: string | null },
    at: Date,
  ): Promise<boolean> {
    const n = await trx('surveys')
      .where({ ticket_id: ticketId })
      .whereNull('answered_at')
      .update({ ...a, answered_at: at });
    return n > 0;
  }

  /** Sets the escalation once: false when another node (or round) did it first. */
  async markEscalated(trx: Runner, id: string, at: Date): Promise<boolean> {
    return (await trx('tickets').where({ id }).whereNull('escalated_at').update({ escalated_at: at })) > 0;
  }

  /** The ticket of an appointment. */
  async ticketOf(db: Runner, appointmentId: string): Promise<string | undefined> {
    return ((await db('appointments').where({ id: appointmentId }).first('ticket_id')) as { ticket_id: string } | undefined)?.ticket_id;
  }

  /** The ticket's latest session that was not cancelled: the survey's e-mail goes through it. */
  async lastSession(db: Runner, ticketId: string): Promise<string | undefined> {
    const row = (await db('appointments')
      .where({ ticket_id: ticketId })
      .whereNot({ status: 'cancelled' })
      .orderBy('starts_at', 'desc')
      .first('id')) as { id: string } | undefined;
    return row?.id;
  }

  /** Whether the ticket still has an appointment that is not cancelled. */
  async hasActiveSession(db: Runner, ticketId: string): Promise<boolean> {
    return (await db('appointments').where({ ticket_id: ticketId }).whereNot({ status: 'cancelled' }).first('id')) !== undefined;
  }
}
