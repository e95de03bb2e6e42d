import type { Channel, ExceptionKind, TimeRange } from '@oac/shared';
import type { Runner } from '../appointments/repository';
import type { GenerateInput, GeneratedSlot, Weekday } from './generate';

export interface ScheduleOfficeRow {
  id: string;
  name_ca: string;
  name_es: string;
  name_en: string;
  time_zone: string;
  channels: Channel[];
  active: boolean;
}
export interface HoursRow {
  id: string;
  weekday: Weekday;
  opens: string;
  closes: string;
}
export interface ExceptionRow {
  id: string;
  office_id: string | null;
  kind: ExceptionKind;
  name: string;
  date_from: string;
  date_to: string;
  recurring_yearly: boolean;
  hours: TimeRange[] | null;
}
export interface ShiftRow {
  id: string;
  clerk_id: string;
  clerk_name: string;
  office_id: string;
  weekday: Weekday;
  starts: string;
  ends: string;
  valid_from: string;
  valid_to: string | null;
  service_ids: string[];
}
export interface AbsenceRow {
  id: string;
  clerk_id: string;
  clerk_name: string;
  starts_at: Date;
  ends_at: Date;
  reason: string;
}
/** A future appointment that holds a seat, as regeneration checks it against the new plan. */
export interface HeldSeatRow {
  id: string;
  service_id: string;
  clerk_id: string | null;
  starts_at: Date;
  ends_at: Date;
  ticket_number: string;
  citizen_name: string;
  service_name_ca: string;
  service_name_es: string;
  service_name_en: string;
  clerk_name: string | null;
}

export interface SlotDiff {
  created: number;
  updated: number;
  removed: number;
  keptBooked: number;
}

/** An office's week and its exceptions as the generator reads them (holidays and closures alike close). */
export function calendarRules(hours: HoursRow[], exceptions: ExceptionRow[]): Pick<GenerateInput, 'hours' | 'exceptions'> {
  return {
    hours: hours.map((h) => ({ weekday: h.weekday, opens: h.opens, closes: h.closes })),
    exceptions: exceptions.map((e) => ({
      from: e.date_from,
      to: e.date_to,
      recurringYearly: e.recurring_yearly,
      kind: e.kind === 'special_hours' ? 'special_hours' : 'closed',
      ...(e.hours ? { hours: e.hours } : {}),
    })),
  };
}

/** 'HH:MM:SS' from PostgreSQL's time type → 'HH:MM'. */
const hhmm = (t: string): string => t.slice(0, 5);

export interface SchedulingClerkRow {
  id: string;
  name: string;
  active: boolean;
  office_id: string;
  name_ca: string;
  name_es: string;
  name_en: string;
  here: boolean;
}

/**
 * Every read and write of the scheduling tables: hours, exceptions, shifts, absences, and the
 * slots that generation derives from them. Dates come back as 'YYYY-MM-DD' (the pool's type
 * parser leaves `date` as text) and times as 'HH:MM'.
 */
export class SchedulingRepository {
  office(db: Runner, id: string): Promise<ScheduleOfficeRow | undefined> {
    return db('offices').select('id', 'name_ca', 'name_es', 'name_en', 'time_zone', 'channels', 'active').where({ id }).first();
  }

  async updateOffice(trx: Runner, id: string, change: { time_zone: string; channels: Channel[]; active: boolean }): Promise<void> {
    await trx('offices').where({ id }).update(change);
  }

  async activeOfficeIds(db: Runner): Promise<string[]> {
    return (await db('offices').select('id').where({ active: true })).map((r: { id: string }) => r.id);
  }

  /** Serialises scheduling changes and regenerations of one office, across every server process. */
  async lockOffice(trx: Runner, officeId: string): Promise<void> {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [`schedule:${officeId}`]);
  }

  async hours(db: Runner, officeId: string): Promise<HoursRow[]> {
    const rows: HoursRow[] = await db('opening_hours')
      .select('id', 'weekday', 'opens', 'closes')
      .where({ office_id: officeId })
      .orderBy(['weekday', 'opens']);
    return rows.map((r) => ({ ...r, opens: hhmm(r.opens), closes: hhmm(r.closes) }));
  }

  async replaceHours(trx: Runner, officeId: string, hours: { weekday: number; opens: string; closes: string }[]): Promise<void> {
    await trx('opening_hours').where({ office_id: officeId }).delete();
    if (hours.length) await trx('opening_hours').insert(hours.map((h) => ({ office_id: officeId, ...h })));
  }

  /** The office's own exceptions and the city's (office_id null). */
  async exceptions(db: Runner, officeId: string): Promise<ExceptionRow[]> {
    const { rows } = await db.raw<{ rows: ExceptionRow[] }>(
      `SELECT id, office_id, kind, name, to_char(date_from, 'YYYY-MM-DD') AS date_from, to_char(date_to, 'YYYY-MM-DD') AS date_to,
              recurring_yearly, hours
       FROM calendar_exceptions WHERE office_id = ? OR office_id IS NULL ORDER BY date_from, name`,
      [officeId],
    );
    return rows;
  }

  async findException(db: Runner, id: string): Promise<ExceptionRow | undefined> {
    const { rows } = await db.raw<{ rows: ExceptionRow[] }>(
      `SELECT id, office_id, kind, name, to_char(date_from, 'YYYY-MM-DD') AS date_from, to_char(date_to, 'YYYY-MM-DD') AS date_to,
              recurring_yearly, hours
       FROM calendar_exceptions WHERE id = ?`,
      [id],
    );
    return rows[0];
  }

  async insertException(trx: Runner, e: Omit<ExceptionRow, 'id'> & { created_by_staff_id: string | null }): Promise<string> {
    const [row] = await trx('calendar_exceptions')
      .insert({ ...e, hours: e.hours === null ? null : JSON.stringify(e.hours) })
      .returning('id');
    return row.id;
  }

  async deleteException(trx: Runner, id: string): Promise<void> {
    await trx('calendar_exceptions').where({ id }).delete();
  }

  async shifts(db: Runner, officeId: string): Promise<ShiftRow[]> {
    const { rows } = await db.raw<{ rows: ShiftRow[] }>(
      `SELECT h.id, h.clerk_id, u.name AS clerk_name, h.office_id, h.weekday, to_char(h.starts, 'HH24:MI') AS starts,
              to_char(h.ends, 'HH24:MI') AS ends, to_char(h.valid_from, 'YYYY-MM-DD') AS valid_from,
              to_char(h.valid_to, 'YYYY-MM-DD') AS valid_to,
              coalesce(array_agg(ss.service_id ORDER BY ss.service_id) FILTER (WHERE ss.service_id IS NOT NULL), '{}') AS service_ids
       FROM shifts h JOIN staff_users u ON u.id = h.clerk_id LEFT JOIN shift_services ss ON ss.shift_id = h.id
       WHERE h.office_id = ? AND u.active
       GROUP BY h.id, u.name ORDER BY h.weekday, h.starts, u.name`,
      [officeId],
    );
    // A 24:00 end reads back as 24:00 from to_char; keep it.
    return rows;
  }

  async insertShift(
    trx: Runner,
    s: { clerk_id: string; office_id: string; weekday: number; starts: string; ends: string; valid_from: string; valid_to: string | null },
    serviceIds: string[],
  ): Promise<string> {
    const [row] = await trx('shifts').insert(s).returning('id');
    await trx('shift_services').insert(serviceIds.map((service_id) => ({ shift_id: row.id, service_id })));
    return row.id;
  }

  async deleteShift(trx: Runner, id: string): Promise<void> {
    await trx('shifts').where({ id }).delete();
  }

  /** Absences of the office's clerks that end after `from`. */
  absences(db: Runner, officeId: string, from: Date): Promise<AbsenceRow[]> {
    return db('absences as b')
      .join('staff_users as u', 'u.id', 'b.clerk_id')
      .select('b.id', 'b.clerk_id', 'u.name as clerk_name', 'b.starts_at', 'b.ends_at', 'b.reason')
      .where('b.ends_at', '>', from)
      .andWhere((w) =>
        w
          .where('u.office_id', officeId)
          .orWhereExists(db('shifts as h').select(db.raw('1')).whereRaw('h.clerk_id = b.clerk_id').andWhere('h.office_id', officeId)),
      )
      .orderBy('b.starts_at');
  }

  async findAbsence(db: Runner, id: string): Promise<{ id: string; clerk_id: string } | undefined> {
    return db('absences').select('id', 'clerk_id').where({ id }).first();
  }

  async insertAbsence(
    trx: Runner,
    a: { clerk_id: string; starts_at: Date; ends_at: Date; reason: string; created_by_staff_id: string | null },
  ): Promise<string> {
    const [row] = await trx('absences').insert(a).returning('id');
    return row.id;
  }

  async deleteAbsence(trx: Runner, id: string): Promise<void> {
    await trx('absences').where({ id }).delete();
  }

  /**
   * The clerks who work at the office (it is theirs, or they have a shift there) with `here` true,
   * its own first, then every other active clerk, whom a shift here would bring; each with their own office.
   */
  async clerks(db: Runner, officeId: string): Promise<SchedulingClerkRow[]> {
    const { rows } = await db.raw<{ rows: SchedulingClerkRow[] }>(
      `SELECT u.id, u.name, u.active, o.id AS office_id, o.name_ca, o.name_es, o.name_en,
              (u.office_id = :officeId OR EXISTS (SELECT 1 FROM shifts h WHERE h.clerk_id = u.id AND h.office_id = :officeId)) AS here
       FROM staff_users u JOIN offices o ON o.id = u.office_id
       WHERE u.role = 'clerk'
       ORDER BY here DESC, (u.office_id = :officeId) DESC, u.name`,
      { officeId },
    );
    return rows.filter((r) => r.here || r.active);
  }

  /** The offices where a clerk has a shift, besides `except`. */
  async rosteredOffices(db: Runner, clerkId: string, except: string): Promise<string[]> {
    const rows: { office_id: string }[] = await db('shifts')
      .distinct('office_id')
      .where({ clerk_id: clerkId })
      .whereNot({ office_id: except });
    return rows.map((r) => r.office_id).sort();
  }

  findStaff(
    db: Runner,
    id: string,
  ): Promise<{ id: string; role: string; office_id: string | null; active: boolean; name: string } | undefined> {
    return db('staff_users').select('id', 'role', 'office_id', 'active', 'name').where({ id }).first();
  }

  services(
    db: Runner,
    officeId: string,
  ): Promise<{ id: string; code: string; name_ca: string; name_es: string; name_en: string; duration_minutes: number }[]> {
    return db('services as v')
      .join('service_offices as so', 'so.service_id', 'v.id')
      .select('v.id', 'v.code', 'v.name_ca', 'v.name_es', 'v.name_en', 'v.duration_minutes')
      .where({ 'so.office_id': officeId, 'v.active': true })
      .orderBy('v.name_ca');
  }

  /** What generation needs for one office. */
  async generationInput(
    db: Runner,
    officeId: string,
    timeZone: string,
    from: string,
    to: string,
    fromInstant: Date,
  ): Promise<GenerateInput> {
    const [hours, exceptions, shifts, absences, services] = await Promise.all([
      this.hours(db, officeId),
      this.exceptions(db, officeId),
      this.shifts(db, officeId),
      this.absences(db, officeId, fromInstant),
      this.services(db, officeId),
    ]);
    return {
      timeZone,
      from,
      to,
      ...calendarRules(hours, exceptions),
      shifts: shifts.map((s) => ({
        id: s.id,
        clerkId: s.clerk_id,
        weekday: s.weekday,
        starts: s.starts,
        ends: s.ends,
        validFrom: s.valid_from,
        validTo: s.valid_to,
        serviceIds: s.service_ids,
      })),
      absences: absences.map((a) => ({ clerkId: a.clerk_id, startsAt: a.starts_at, endsAt: a.ends_at })),
      services: services.map((v) => ({ id: v.id, durationMinutes: v.duration_minutes })),
    };
  }

  /**
   * Makes the office's slots in [from, to) what generation says. The difference is worked out
   * here, from the window's slots read once, so that each statement is a lookup by id or a plain
   * insert (an anti-join against a parameter array is planned for ten rows and can go quadratic):
   * unbooked slots that are no longer wanted go (or, if a cancelled appointment still refers to
   * one, lose their seats); unbooked wanted ones get their new seats; missing ones are made. A
   * slot that holds a booking is never touched, wanted or not; the statements check it again.
   */
  async applySlots(trx: Runner, officeId: string, from: Date, to: Date, slots: GeneratedSlot[]): Promise<SlotDiff> {
    const existing: {
      id: string;
      key: string;
      clerks: string;
      capacity: number;
      override: number | null;
      booked: number;
      referred: boolean;
    }[] = (
      await trx.raw(
        `SELECT s.id, s.service_id || '|' || (extract(epoch FROM s.starts_at) * 1000)::bigint || '|' || (extract(epoch FROM s.ends_at) * 1000)::bigint AS key,
                array_to_string(s.clerk_ids, ',') AS clerks, s.capacity, s.capacity_override AS override, s.booked,
                EXISTS (SELECT 1 FROM appointments a WHERE a.slot_id = s.id) AS referred
         FROM slots s WHERE s.office_id = ? AND s.starts_at >= ? AND s.starts_at < ?`,
        [officeId, from, to],
      )
    ).rows;
    const wanted = new Map(slots.map((g) => [`${g.serviceId}|${g.startsAt.getTime()}|${g.endsAt.getTime()}`, g]));
    const remove: string[] = [];
    const empty: string[] = [];
    const update: { id: string; clerks: string; capacity: number }[] = [];
    let keptBooked = 0;
    for (const e of existing) {
      const g = wanted.get(e.key);
      wanted.delete(e.key);
      if (e.booked > 0) keptBooked++;
      else if (!g) {
        if (!e.referred) remove.push(e.id);
        else if (e.capacity > 0) empty.push(e.id);
      } else {
        const clerks = g.clerkIds.join(',');
        const capacity = e.override ?? g.clerkIds.length;
        if (clerks !== e.clerks || capacity !== e.capacity) update.push({ id: e.id, clerks, capacity });
      }
    }
    const missing = [...wanted.values()];
    const toUuids = `CASE WHEN u.clerks = '' THEN '{}'::uuid[] ELSE string_to_array(u.clerks, ',')::uuid[] END`;
    if (remove.length) await trx.raw('DELETE FROM slots WHERE id = ANY(?::uuid[]) AND booked = 0', [remove]);
    if (empty.length) {
      await trx.raw(`UPDATE slots SET clerk_ids = '{}', capacity = 0, capacity_override = NULL WHERE id = ANY(?::uuid[]) AND booked = 0`, [
        empty,
      ]);
    }
    if (update.length) {
      await trx.raw(
        `UPDATE slots s SET clerk_ids = ${toUuids}, capacity = u.capacity
         FROM unnest(?::uuid[], ?::text[], ?::int[]) AS u(id, clerks, capacity) WHERE s.id = u.id AND s.booked = 0`,
        [update.map((u) => u.id), update.map((u) => u.clerks), update.map((u) => u.capacity)],
      );
    }
    if (missing.length) {
      await trx.raw(
        `INSERT INTO slots (office_id, service_id, starts_at, ends_at, clerk_ids, capacity)
         SELECT ?, u.service_id, u.starts_at, u.ends_at, ${toUuids}, u.capacity
         FROM unnest(?::uuid[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::int[]) AS u(service_id, starts_at, ends_at, clerks, capacity)
         ON CONFLICT (office_id, service_id, starts_at, ends_at) DO NOTHING`,
        [
          officeId,
          missing.map((g) => g.serviceId),
          missing.map((g) => g.startsAt.toISOString()),
          missing.map((g) => g.endsAt.toISOString()),
          missing.map((g) => g.clerkIds.join(',')),
          missing.map((g) => g.clerkIds.length),
        ],
      );
    }
    return { created: missing.length, updated: update.length + empty.length, removed: remove.length, keptBooked };
  }

  /** The office's appointments from `from` on that hold a seat and have not started. */
  async heldSeats(db: Runner, officeId: string, from: Date): Promise<HeldSeatRow[]> {
    return db('appointments as a')
      .join('tickets as t', 't.id', 'a.ticket_id')
      .join('services as v', 'v.id', 'a.service_id')
      .leftJoin('staff_users as c', 'c.id', 'a.clerk_id')
      .select(
        'a.id',
        'a.service_id',
        'a.clerk_id',
        'a.starts_at',
        'a.ends_at',
        't.number as ticket_number',
        'a.citizen_name',
        'v.name_ca as service_name_ca',
        'v.name_es as service_name_es',
        'v.name_en as service_name_en',
        'c.name as clerk_name',
      )
      .where('a.office_id', officeId)
      .whereIn('a.status', ['booked', 'checked_in'])
      .andWhere('a.starts_at', '>=', from)
      .orderBy('a.starts_at');
  }

  async setSlotCapacity(trx: Runner, slotId: string, override: number | null): Promise<void> {
    await trx.raw(`UPDATE slots SET capacity_override = ?::int, capacity = coalesce(?::int, cardinality(clerk_ids)) WHERE id = ?`, [
      override,
      override,
      slotId,
    ]);
  }

  findSlot(
    db: Runner,
    id: string,
  ): Promise<{ id: string; office_id: string; capacity: number; capacity_override: number | null; booked: number } | undefined> {
    return db('slots').select('id', 'office_id', 'capacity', 'capacity_override', 'booked').where({ id }).first();
  }

  /** Slots of an office between two instants, for the board. */
  boardSlots(db: Runner, officeId: string, from: Date, to: Date) {
    return db('slots')
      .select('id', 'service_id', 'starts_at', 'ends_at', 'capacity', 'booked', 'capacity_override')
      .where({ office_id: officeId })
      .andWhere('starts_at', '>=', from)
      .andWhere('starts_at', '<', to)
      .andWhere((w) => w.where('capacity', '>', 0).orWhere('booked', '>', 0))
      .orderBy(['starts_at', 'service_id']) as Promise<
      {
        id: string;
        service_id: string;
        starts_at: Date;
        ends_at: Date;
        capacity: number;
        booked: number;
        capacity_override: number | null;
      }[]
    >;
  }

  /** Active appointments of an office between two instants (ids, for the appointments' own views). */
  async boardAppointmentIds(db: Runner, officeId: string, from: Date, to: Date): Promise<string[]> {
    const rows: { id: string }[] = await db('appointments')
      .select('id')
      .where({ office_id: officeId })
      .whereNot('status', 'cancelled')
      .andWhere('starts_at', '>=', from)
      .andWhere('starts_at', '<', to)
      .orderBy('starts_at');
    return rows.map((r) => r.id);
  }
}
