import type { Knex } from 'knex';
import type { CallbackChannel, CallMode, LiveEntryStatus, PresenceStatus, TicketPriority } from '@oac/shared';
import type { Db } from '../db/knex';
import { effectiveMembers, effectiveRank } from '../queues/effective';
import { priorityRankSql } from '../tickets/repository';

type Runner = Db | Knex.Transaction;

export interface EntryRow {
  id: string;
  ticket_id: string;
  ticket_number: string;
  queue_id: string;
  queue_name_ca: string;
  queue_name_es: string;
  queue_name_en: string;
  service_id: string;
  service_name_ca: string;
  service_name_es: string;
  service_name_en: string;
  duration_minutes: number;
  priority: TicketPriority;
  status: LiveEntryStatus;
  /** A video call, or chat help. */
  mode: CallMode;
  token_hash: string;
  created_at: Date;
  last_seen_at: Date;
  offered_to: string | null;
  offer_expires_at: Date | null;
  served_by: string | null;
  appointment_id: string | null;
  callback_channel: CallbackChannel | null;
  callback_phone: string | null;
  callback_from: Date | null;
  callback_to: Date | null;
  citizen_name: string;
  citizen_email: string | null;
  language: 'ca' | 'es' | 'en';
  office_id: string;
}

/** Served first: the higher priority, then the better-ranked queue at `:now` (a peak may change its rank), then who came first. */
const LINE_ORDER = `${priorityRankSql('e.priority')}, ${effectiveRank('q', ':now')}, e.created_at, e.id`;
/** Within one queue (one rank): the same order. */
const PLACE = (e: string) => `(${priorityRankSql(`${e}.priority`)}, ${e}.created_at, ${e}.id)`;

const COLUMNS = `e.id, e.ticket_id, t.number AS ticket_number, e.queue_id, q.name_ca AS queue_name_ca, q.name_es AS queue_name_es,
    q.name_en AS queue_name_en, e.service_id, v.name_ca AS service_name_ca, v.name_es AS service_name_es, v.name_en AS service_name_en,
    v.duration_minutes, e.priority, e.status, e.mode, e.token_hash, e.created_at, e.last_seen_at, e.offered_to, e.offer_expires_at,
    e.served_by, e.appointment_id, e.callback_channel, e.callback_phone, e.callback_from, e.callback_to,
    t.citizen_name, t.citizen_email, t.language, t.office_id`;
const FROM = `queue_entries e JOIN tickets t ON t.id = e.ticket_id JOIN queues q ON q.id = e.queue_id JOIN services v ON v.id = e.service_id`;
const SELECT = `SELECT ${COLUMNS} FROM ${FROM}`;

/**
 * The live queue's rows. Every decision of who serves whom is one statement or one transaction
 * on these rows, so any server process may take it: offers are claimed with FOR UPDATE SKIP
 * LOCKED, so that two clerks freed at once never claim the same citizen.
 */
export class LiveRepository {
  async byToken(db: Runner, tokenHash: string): Promise<EntryRow | undefined> {
    const { rows } = await db.raw<{ rows: EntryRow[] }>(`${SELECT} WHERE e.token_hash = ?`, [tokenHash]);
    return rows[0];
  }

  async find(db: Runner, id: string, lock = false): Promise<EntryRow | undefined> {
    if (lock) await db.raw('SELECT 1 FROM queue_entries WHERE id = ? FOR UPDATE', [id]);
    const { rows } = await db.raw<{ rows: EntryRow[] }>(`${SELECT} WHERE e.id = ?`, [id]);
    return rows[0];
  }

  async insert(
    trx: Runner,
    e: { ticket_id: string; queue_id: string; service_id: string; priority: TicketPriority; mode: CallMode; token_hash: string },
  ): Promise<string> {
    const [row] = await trx('queue_entries').insert(e).returning('id');
    return row.id;
  }

  async update(trx: Runner, id: string, change: Record<string, unknown>): Promise<void> {
    await trx('queue_entries').where({ id }).update(change);
  }

  async touch(db: Runner, id: string, at: Date): Promise<void> {
    await db('queue_entries').where({ id }).whereIn('status', ['waiting', 'offered']).update({ last_seen_at: at });
  }

  /** How many wait ahead of this entry in its queue: 0 for the next one. */
  async ahead(db: Runner, id: string): Promise<number> {
    const { rows } = await db.raw<{ rows: { n: number }[] }>(
      `SELECT count(*)::int AS n
       FROM queue_entries x JOIN queue_entries me ON me.id = ? AND x.queue_id = me.queue_id
       WHERE x.status IN ('waiting', 'offered') AND x.id <> me.id
         AND ${PLACE('x')} < ${PLACE('me')}`,
      [id],
    );
    return rows[0]!.n;
  }

  /** Every open entry of a queue with how many wait ahead of it, in one read. */
  async openEntries(db: Runner, queueId: string): Promise<(EntryRow & { ahead: number })[]> {
    const { rows } = await db.raw<{ rows: (EntryRow & { ahead: number })[] }>(
      `SELECT (row_number() OVER (ORDER BY ${PLACE('e')}) - 1)::int AS ahead, ${COLUMNS} FROM ${FROM}
       WHERE e.queue_id = ? AND e.status IN ('waiting', 'offered')`,
      [queueId],
    );
    return rows;
  }

  /** The pages connected to this node keep their places. */
  async touchMany(db: Runner, ids: string[], at: Date): Promise<void> {
    if (ids.length) await db('queue_entries').whereIn('id', ids).whereIn('status', ['waiting', 'offered']).update({ last_seen_at: at });
  }

  /**
   * The load of a queue for the wait estimate: its members on duty (available, in a call or not),
   * those free now, how long the busy ones have been in their call, recent handling times of its
   * on-demand calls, and the arrivals of the last hour.
   */
  async load(db: Runner, queueId: string, now: Date) {
    const { rows } = await db.raw<{
      rows: { agents: number; free: number; busy_elapsed: number[] | null; handled: number[] | null; arrivals: number }[];
    }>(
      `WITH duty AS (
         SELECT p.staff_id,
                -- Busy since their call started, or since they accepted a citizen whose call has not ended.
                coalesce((SELECT min(a.call_started_at) FROM appointments a WHERE a.clerk_id = p.staff_id AND a.status = 'in_call'),
                         (SELECT min(v.served_at) FROM queue_entries v WHERE v.served_by = p.staff_id AND v.status = 'serving')) AS in_call_since,
                EXISTS (SELECT 1 FROM queue_entries o WHERE o.offered_to = p.staff_id AND o.status = 'offered') AS offered
         FROM staff_presence p JOIN ${effectiveMembers(':now')} m ON m.staff_id = p.staff_id AND m.queue_id = :queue
         JOIN staff_users u ON u.id = p.staff_id AND u.active
         WHERE p.status = 'available')
       SELECT (SELECT count(*)::int FROM duty) AS agents,
              (SELECT count(*)::int FROM duty WHERE in_call_since IS NULL AND NOT offered) AS free,
              (SELECT array_agg(extract(epoch FROM (:now::timestamptz - in_call_since))::float8) FROM duty WHERE in_call_since IS NOT NULL) AS busy_elapsed,
              (SELECT array_agg(s) FROM (
                 -- A clerk's cycle: from the end of their previous call to the acceptance of this
                 -- citizen (the offer and the clerk's answer: only when the citizen was already
                 -- waiting, so that idle time is not counted), then the call until its end.
                 SELECT extract(epoch FROM (a.ended_at - e.served_at))::float8 + coalesce(
                          (SELECT extract(epoch FROM (e.served_at - max(b.ended_at)))::float8
                           FROM appointments b
                           WHERE b.clerk_id = e.served_by AND b.ended_at <= e.served_at AND b.ended_at >= e.created_at
                             AND b.ended_at > e.served_at - interval '10 minutes'), 0) AS s
                 FROM queue_entries e JOIN appointments a ON a.id = e.appointment_id
                 WHERE e.queue_id = :queue AND a.ended_at IS NOT NULL AND e.served_at IS NOT NULL
                 ORDER BY a.ended_at DESC LIMIT 30) h) AS handled,
              (SELECT count(*)::int FROM queue_entries e WHERE e.queue_id = :queue AND e.created_at > :now::timestamptz - interval '1 hour') AS arrivals`,
      { queue: queueId, now },
    );
    const r = rows[0]!;
    return { agents: r.agents, free: r.free, busyElapsed: r.busy_elapsed ?? [], handled: r.handled ?? [], arrivals: r.arrivals };
  }

  async presence(db: Runner, staffId: string): Promise<PresenceStatus> {
    const row = (await db('staff_presence').where({ staff_id: staffId }).first('status')) as { status: PresenceStatus } | undefined;
    return row?.status ?? 'away';
  }

  async setPresence(db: Runner, staffId: string, status: PresenceStatus, at: Date): Promise<void> {
    await db.raw(
      `INSERT INTO staff_presence (staff_id, status, since) VALUES (?, ?, ?)
       ON CONFLICT (staff_id) DO UPDATE SET status = EXCLUDED.status,
         since = CASE WHEN staff_presence.status = EXCLUDED.status THEN staff_presence.since ELSE EXCLUDED.since END`,
      [staffId, status, at],
    );
  }

  async inCall(db: Runner, staffId: string): Promise<boolean> {
    return (await db('appointments').where({ clerk_id: staffId, status: 'in_call' }).first('id')) !== undefined;
  }

  /** Clerks ready for a citizen: available, in no call, offered nobody; the longest free first. */
  async readyClerks(db: Runner): Promise<string[]> {
    const { rows } = await db.raw<{ rows: { staff_id: string }[] }>(
      `SELECT p.staff_id FROM staff_presence p JOIN staff_users u ON u.id = p.staff_id AND u.active AND u.role = 'clerk'
       WHERE p.status = 'available'
         AND NOT EXISTS (SELECT 1 FROM queue_entries o WHERE o.offered_to = p.staff_id AND o.status = 'offered')
         AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.clerk_id = p.staff_id AND a.status = 'in_call')
         AND NOT EXISTS (SELECT 1 FROM queue_entries v WHERE v.served_by = p.staff_id AND v.status = 'serving')
       ORDER BY p.since`,
    );
    return rows.map((r) => r.staff_id);
  }

  /**
   * Claims the next citizen of the clerk's queues for them, inside the caller's transaction: the
   * clerk's presence row locked first (one claim per clerk at a time, on any node), then the first
   * waiting entry that no other transaction holds. Null when nobody waits or the clerk is no longer ready.
   */
  /**
   * Offers the clerk the next citizen they may take, if they are free. Returns the entry, its
   * queue, and since when both were there (the later of the citizen's arrival and the clerk's
   * becoming available), for the offer latency.
   */
  async claimNext(
    trx: Knex.Transaction,
    staffId: string,
    now: Date,
    offerSeconds: number,
  ): Promise<{ id: string; queueCode: string; bothSince: Date } | null> {
    const ready = await trx.raw<{ rows: { since: Date }[] }>(
      `SELECT p.since FROM staff_presence p WHERE p.staff_id = ? AND p.status = 'available'
         AND NOT EXISTS (SELECT 1 FROM queue_entries o WHERE o.offered_to = p.staff_id AND o.status = 'offered')
         AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.clerk_id = p.staff_id AND a.status = 'in_call')
         AND NOT EXISTS (SELECT 1 FROM queue_entries v WHERE v.served_by = p.staff_id AND v.status = 'serving')
       FOR UPDATE OF p`,
      [staffId],
    );
    if (!ready.rows.length) return null;
    const { rows } = await trx.raw<{ rows: { id: string; code: string; created_at: Date }[] }>(
      `SELECT e.id, q.code, e.created_at FROM queue_entries e
       JOIN ${effectiveMembers(':now')} m ON m.queue_id = e.queue_id AND m.staff_id = :staff
       JOIN queues q ON q.id = e.queue_id
       WHERE e.status = 'waiting' AND (e.callback_from IS NULL OR e.callback_from <= :now::timestamptz)
       ORDER BY ${LINE_ORDER}
       LIMIT 1
       FOR UPDATE OF e SKIP LOCKED`,
      { staff: staffId, now },
    );
    const next = rows[0];
    if (!next) return null;
    await trx('queue_entries')
      .where({ id: next.id })
      .update({ status: 'offered', offered_to: staffId, offered_at: now, offer_expires_at: new Date(now.getTime() + offerSeconds * 1000) });
    const since = Math.max(next.created_at.getTime(), ready.rows[0]!.since.getTime());
    return { id: next.id, queueCode: next.code, bothSince: new Date(since) };
  }

  /** The offer made to a clerk, if any. */
  async offerFor(db: Runner, staffId: string): Promise<EntryRow | undefined> {
    const { rows } = await db.raw<{ rows: EntryRow[] }>(`${SELECT} WHERE e.offered_to = ? AND e.status = 'offered'`, [staffId]);
    return rows[0];
  }

  /** The phone callback a clerk is making, if any. */
  async phoneCallOf(db: Runner, staffId: string): Promise<EntryRow | undefined> {
    const { rows } = await db.raw<{ rows: EntryRow[] }>(
      `${SELECT} WHERE e.served_by = ? AND e.status = 'serving' AND e.callback_channel = 'phone' ORDER BY e.served_at DESC LIMIT 1`,
      [staffId],
    );
    return rows[0];
  }

  /** Offers not answered in time: returned to the line, their clerks marked away. */
  async expireOffers(db: Runner, now: Date): Promise<{ id: string; offered_to: string }[]> {
    const { rows } = await db.raw<{ rows: { id: string; offered_to: string }[] }>(
      `WITH gone AS (
         SELECT id, offered_to FROM queue_entries WHERE status = 'offered' AND offer_expires_at <= ? FOR UPDATE SKIP LOCKED),
       back AS (
         UPDATE queue_entries e SET status = 'waiting', offered_to = NULL, offered_at = NULL, offer_expires_at = NULL
         FROM gone WHERE e.id = gone.id RETURNING e.id)
       SELECT gone.id, gone.offered_to FROM gone JOIN back ON back.id = gone.id`,
      [now],
    );
    return rows;
  }

  /** Waiting citizens whose page has been closed past the grace period (callbacks wait without a page). */
  async lapsed(db: Runner, now: Date, graceSeconds: number): Promise<string[]> {
    const { rows } = await db.raw<{ rows: { id: string }[] }>(
      `SELECT id FROM queue_entries
       WHERE status = 'waiting' AND callback_channel IS NULL AND last_seen_at < ?::timestamptz - make_interval(secs => ?)`,
      [now, graceSeconds],
    );
    return rows.map((r) => r.id);
  }

  /** The entry being served by an appointment, if it came from the line. */
  async servingFor(db: Runner, appointmentId: string): Promise<string | undefined> {
    return (
      (await db('queue_entries').where({ appointment_id: appointmentId, status: 'serving' }).first('id')) as { id: string } | undefined
    )?.id;
  }

  /** Entries being served whose call has ended. */
  async finishedServing(db: Runner): Promise<string[]> {
    const { rows } = await db.raw<{ rows: { id: string }[] }>(
      `SELECT e.id FROM queue_entries e JOIN appointments a ON a.id = e.appointment_id
       WHERE e.status = 'serving' AND a.status IN ('done', 'no_show', 'cancelled')`,
    );
    return rows.map((r) => r.id);
  }

  /**
   * The queues the clerk serves at `at` (a peak may lend them to more) with how many wait in each,
   * callbacks apart; a deactivated queue stays listed while citizens still wait in it.
   */
  async queueCounts(db: Runner, staffId: string, at: Date) {
    const { rows } = await db.raw<{
      rows: { id: string; code: string; name_ca: string; name_es: string; name_en: string; waiting: number; callbacks: number }[];
    }>(
      `SELECT q.id, q.code, q.name_ca, q.name_es, q.name_en,
              count(e.id) FILTER (WHERE e.callback_channel IS NULL)::int AS waiting,
              count(e.id) FILTER (WHERE e.callback_channel IS NOT NULL)::int AS callbacks
       FROM queues q JOIN ${effectiveMembers(':at')} m ON m.queue_id = q.id AND m.staff_id = :staff
       LEFT JOIN queue_entries e ON e.queue_id = q.id AND e.status IN ('waiting', 'offered')
       GROUP BY q.id HAVING q.active OR count(e.id) > 0
       ORDER BY ${effectiveRank('q', ':at')}, q.code`,
      { staff: staffId, at },
    );
    return rows;
  }

  /** The first active office that offers a procedure: where an on-demand ticket is registered until a clerk takes it. */
  async officeFor(db: Runner, serviceId: string): Promise<{ id: string; ticket_prefix: string } | undefined> {
    return db('offices as o')
      .join('service_offices as so', 'so.office_id', 'o.id')
      .where({ 'so.service_id': serviceId, 'o.active': true })
      .orderBy('o.name_ca')
      .first('o.id', 'o.ticket_prefix');
  }
}
