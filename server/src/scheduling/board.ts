import { AppError, type LifecycleRules, type PlanningBoard, type Principal } from '@oac/shared';
import { DateTime } from 'luxon';
import type { AppointmentRepository } from '../appointments/repository';
import { toStaffAppointment } from '../appointments/views';
import type { Db } from '../db/knex';
import { openingOn, startOfDay, zonedInstant, type Weekday } from './generate';
import { calendarRules, type SchedulingRepository } from './repository';
import { assertPlans } from './service';

export interface BoardDeps {
  db: Db;
  repo: SchedulingRepository;
  appointmentRepo: AppointmentRepository;
  rules: LifecycleRules;
}

/** The planning board: each day's opening, who is on shift (and absent), the appointments and the seats. */
export async function planningBoard(
  deps: BoardDeps,
  principal: Principal | null,
  officeId: string,
  date: string | null,
  days: number,
): Promise<PlanningBoard> {
  const { db, repo, appointmentRepo, rules } = deps;
  assertPlans(principal, officeId);
  const office = await repo.office(db, officeId);
  if (!office) throw new AppError('not_found', 'That office does not exist.');
  const zone = office.time_zone;
  const first = date ?? DateTime.now().setZone(zone).toISODate()!;
  const dates = Array.from({ length: days }, (_, i) => DateTime.fromISO(first, { zone }).plus({ days: i }).toISODate()!);
  const dayStart = (d: string) => startOfDay(d, zone);
  const from = dayStart(dates[0]!);
  const to = dayStart(DateTime.fromISO(dates.at(-1)!, { zone }).plus({ days: 1 }).toISODate()!);
  const [hours, exceptions, shifts, absences, slots, ids] = await Promise.all([
    repo.hours(db, officeId),
    repo.exceptions(db, officeId),
    repo.shifts(db, officeId),
    repo.absences(db, officeId, from),
    repo.boardSlots(db, officeId, from, to),
    repo.boardAppointmentIds(db, officeId, from, to),
  ]);
  const rows = ids.length ? await appointmentRepo.findMany(ids) : [];
  const calendar = calendarRules(hours, exceptions);
  return {
    officeId,
    timeZone: zone,
    days: dates.map((d) => {
      const start = dayStart(d);
      const end = dayStart(DateTime.fromISO(d, { zone }).plus({ days: 1 }).toISODate()!);
      const weekday = DateTime.fromISO(d, { zone }).weekday as Weekday;
      const within = (t: Date) => t >= start && t < end;
      return {
        date: d,
        opening: openingOn(d, calendar.hours, calendar.exceptions),
        shifts: shifts
          .filter((s) => s.weekday === weekday && s.valid_from <= d && (s.valid_to === null || s.valid_to >= d))
          .map((s) => {
            const shiftStart = zonedInstant(d, s.starts, zone) ?? start;
            const shiftEnd = zonedInstant(d, s.ends, zone) ?? end;
            const absent = absences.some((a) => a.clerk_id === s.clerk_id && a.starts_at < shiftEnd && a.ends_at > shiftStart);
            return { clerkId: s.clerk_id, clerkName: s.clerk_name, starts: s.starts, ends: s.ends, absent };
          }),
        appointments: rows.filter((r) => within(r.starts_at)).map((r) => toStaffAppointment(r, rules)),
        slots: slots
          .filter((s) => within(s.starts_at))
          .map((s) => ({
            id: s.id,
            serviceId: s.service_id,
            startsAt: s.starts_at.toISOString(),
            endsAt: s.ends_at.toISOString(),
            capacity: s.capacity,
            booked: s.booked,
            overridden: s.capacity_override !== null,
          })),
      };
    }),
  };
}
