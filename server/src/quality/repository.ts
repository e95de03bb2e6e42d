import { TicketPriority, type QualityReport, type TicketChannel } from '@oac/shared';
import type { Db } from '../db/knex';

/*
 * The quality indicators in SQL (issue 15), over what the platform stores as it works: tickets
 * (the contacts), their sessions (appointments), the live queue's entries, the surveys, the SLA
 * verdicts settled into tickets and the audit trail. Every figure is about the contacts that came
 * in during the period and match the filters: the CTE `c`.
 */

export interface QualityFilter {
  /** [start, end): the period's local days, as instants. */
  start: Date;
  end: Date;
  timeZone: string;
  officeId: string | null;
  queueId: string | null;
  serviceId: string | null;
  priority: TicketPriority | null;
  answerTargetSeconds: number;
}

const CONTACTS = `c AS (
  SELECT t.* FROM tickets t
  WHERE t.created_at >= :start AND t.created_at < :end
    AND (:officeId::uuid IS NULL OR t.office_id = :officeId::uuid)
    AND (:queueId::uuid IS NULL OR t.queue_id = :queueId::uuid)
    AND (:serviceId::uuid IS NULL OR t.service_id = :serviceId::uuid)
    AND (:priority::text IS NULL OR t.priority = :priority::text))`;

/** p50, p90, the mean and the count of a column `s` of seconds. */
const STATS = `count(s)::int AS samples,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY s) AS p90, avg(s) AS mean`;

interface StatsRow {
  samples: number;
  p50: number | null;
  p90: number | null;
  mean: number | null;
}

const seconds = (v: number | string | null): number | null => (v === null ? null : Math.round(Number(v) * 10) / 10);
const stats = (r: StatsRow) => ({
  samples: r.samples,
  p50Seconds: seconds(r.p50),
  p90Seconds: seconds(r.p90),
  meanSeconds: seconds(r.mean),
});
const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

export class QualityRepository {
  async report(db: Db, f: QualityFilter): Promise<Omit<QualityReport, 'from' | 'to' | 'timeZone'>> {
    const b = {
      start: f.start,
      end: f.end,
      tz: f.timeZone,
      officeId: f.officeId,
      queueId: f.queueId,
      serviceId: f.serviceId,
      priority: f.priority,
      target: f.answerTargetSeconds,
    };
    const q = async <T>(sql: string): Promise<T[]> => (await db.raw<{ rows: T[] }>(`WITH ${CONTACTS} ${sql}`, b)).rows;

    const [perDay, waits, handling, noShow, fcr, callbacks, csat, distribution, sla] = await Promise.all([
      q<{ day: string; channel: TicketChannel; contacts: number }>(
        `SELECT to_char(c.created_at AT TIME ZONE :tz, 'YYYY-MM-DD') AS day, c.channel, count(*)::int AS contacts
         FROM c GROUP BY 1, 2 ORDER BY 1, 2`,
      ),
      // Until a clerk attends: an entry of the live queue until accepted (a callback's wait is its
      // turnaround, below); a booked session from the later of its start and the check-in.
      q<StatsRow>(
        `, w AS (
           SELECT extract(epoch FROM e.served_at - e.created_at) AS s
           FROM queue_entries e JOIN c ON c.id = e.ticket_id
           WHERE e.served_at IS NOT NULL AND e.callback_channel IS NULL
           UNION ALL
           SELECT greatest(0, extract(epoch FROM a.call_started_at - greatest(a.starts_at, coalesce(a.checked_in_at, a.starts_at))))
           FROM appointments a JOIN c ON c.id = a.ticket_id
           WHERE NOT a.on_demand AND a.call_started_at IS NOT NULL)
         SELECT ${STATS} FROM w`,
      ),
      q<StatsRow>(
        `, h AS (
           SELECT extract(epoch FROM a.ended_at - a.call_started_at) AS s
           FROM appointments a JOIN c ON c.id = a.ticket_id
           WHERE a.status = 'done' AND a.call_started_at IS NOT NULL AND a.ended_at IS NOT NULL)
         SELECT ${STATS} FROM h`,
      ),
      q<{ ended: number; no_shows: number }>(
        `SELECT count(*)::int AS ended, count(*) FILTER (WHERE a.status = 'no_show')::int AS no_shows
         FROM appointments a JOIN c ON c.id = a.ticket_id
         WHERE NOT a.on_demand AND a.status IN ('done', 'no_show')`,
      ),
      // Solved at the first contact: resolved after at most one session, and never reopened.
      q<{ resolved: number; first_contact: number }>(
        `SELECT count(*)::int AS resolved,
                count(*) FILTER (WHERE
                  (SELECT count(*) FROM appointments a WHERE a.ticket_id = c.id AND a.status <> 'cancelled') <= 1
                  AND NOT EXISTS (SELECT 1 FROM audit_events x WHERE x.entity = 'ticket' AND x.entity_id = c.id
                                  AND x.from_state = 'resolved' AND x.to_state NOT IN ('resolved', 'closed')))::int AS first_contact
         FROM c WHERE c.resolved_at IS NOT NULL`,
      ),
      q<StatsRow & { requested: number }>(
        `, r AS (
           SELECT e.served_at, (SELECT min(x.at) FROM audit_events x
                                WHERE x.entity = 'queue_entry' AND x.entity_id = e.id AND x.action = 'live.callback_requested') AS asked
           FROM queue_entries e JOIN c ON c.id = e.ticket_id WHERE e.callback_channel IS NOT NULL),
         t AS (SELECT extract(epoch FROM r.served_at - r.asked) AS s FROM r WHERE r.served_at IS NOT NULL AND r.asked IS NOT NULL)
         SELECT (SELECT count(*)::int FROM r) AS requested, ${STATS} FROM t`,
      ),
      q<{ answers: number; mean: number | null; solved: number }>(
        `SELECT count(*)::int AS answers, avg(s.rating)::float AS mean, count(*) FILTER (WHERE s.solved)::int AS solved
         FROM surveys s JOIN c ON c.id = s.ticket_id WHERE s.answered_at IS NOT NULL`,
      ),
      q<{ rating: number; count: number }>(
        `SELECT g.rating, count(s.id)::int AS count
         FROM generate_series(1, 5) AS g(rating)
         LEFT JOIN (SELECT s.* FROM surveys s JOIN c ON c.id = s.ticket_id WHERE s.answered_at IS NOT NULL) s ON s.rating = g.rating
         GROUP BY g.rating ORDER BY g.rating`,
      ),
      // Per priority: the live queue's service level (attended in time, of those attended or who
      // gave up waiting), and the settled SLA verdicts.
      q<{
        priority: TicketPriority;
        answerable: number;
        answered: number;
        owned: number;
        owned_in_time: number;
        resolved: number;
        resolved_in_time: number;
      }>(
        `SELECT p.priority,
           (SELECT count(*)::int FROM queue_entries e JOIN c ON c.id = e.ticket_id
            WHERE c.priority = p.priority AND e.callback_channel IS NULL AND (e.served_at IS NOT NULL OR e.status = 'left')) AS answerable,
           (SELECT count(*)::int FROM queue_entries e JOIN c ON c.id = e.ticket_id
            WHERE c.priority = p.priority AND e.callback_channel IS NULL AND e.served_at IS NOT NULL
              AND e.served_at - e.created_at <= make_interval(secs => :target)) AS answered,
           (SELECT count(*)::int FROM c WHERE c.priority = p.priority AND c.sla_own_met IS NOT NULL) AS owned,
           (SELECT count(*)::int FROM c WHERE c.priority = p.priority AND c.sla_own_met) AS owned_in_time,
           (SELECT count(*)::int FROM c WHERE c.priority = p.priority AND c.sla_resolve_met IS NOT NULL) AS resolved,
           (SELECT count(*)::int FROM c WHERE c.priority = p.priority AND c.sla_resolve_met) AS resolved_in_time
         FROM unnest(ARRAY[${TicketPriority.options.map((p) => `'${p}'`).join(',')}]::text[]) WITH ORDINALITY AS p(priority, n)
         ORDER BY p.n`,
      ),
    ]);

    const cb = callbacks[0]!;
    const sv = csat[0]!;
    return {
      contactsPerDay: perDay,
      contacts: perDay.reduce((sum, r) => sum + r.contacts, 0),
      wait: stats(waits[0]!),
      handling: stats(handling[0]!),
      noShow: { ended: noShow[0]!.ended, noShows: noShow[0]!.no_shows, rate: rate(noShow[0]!.no_shows, noShow[0]!.ended) },
      firstContactResolution: {
        resolved: fcr[0]!.resolved,
        firstContact: fcr[0]!.first_contact,
        rate: rate(fcr[0]!.first_contact, fcr[0]!.resolved),
      },
      callbacks: { requested: cb.requested, completed: cb.samples, turnaround: stats(cb) },
      csat: {
        answers: sv.answers,
        mean: sv.mean === null ? null : Math.round(sv.mean * 100) / 100,
        distribution,
        solvedRate: rate(sv.solved, sv.answers),
      },
      sla: sla.map((r) => ({
        priority: r.priority,
        answerTargetSeconds: f.answerTargetSeconds,
        answerable: r.answerable,
        answeredInTarget: r.answered,
        answeredRate: rate(r.answered, r.answerable),
        owned: r.owned,
        ownedInTime: r.owned_in_time,
        ownedRate: rate(r.owned_in_time, r.owned),
        resolved: r.resolved,
        resolvedInTime: r.resolved_in_time,
        resolvedRate: rate(r.resolved_in_time, r.resolved),
      })),
    };
  }

  async officeTimeZone(db: Db, officeId: string): Promise<string | null> {
    const row = await db('offices').where({ id: officeId }).first('time_zone');
    return row?.time_zone ?? null;
  }

  /** The instants that bound local days `from` to `to` (both included) in a zone; PostgreSQL knows the zone's rules. */
  async period(db: Db, from: string, to: string, timeZone: string): Promise<{ start: Date; end: Date }> {
    const { rows } = await db.raw<{ rows: { start: Date; end: Date }[] }>(
      `SELECT (:from::date)::timestamp AT TIME ZONE :tz AS start, (:to::date + 1)::timestamp AT TIME ZONE :tz AS end`,
      { from, to, tz: timeZone },
    );
    return rows[0]!;
  }
}
