import { AppError, routes, type LifecycleRules, type PlanningBoard, type Principal } from '@oac/shared';
import { Router } from 'express';
import { DateTime } from 'luxon';
import type { AppointmentRepository } from '../appointments/repository';
import type { AppointmentService } from '../appointments/service';
import { toStaffAppointment } from '../appointments/views';
import type { Db } from '../db/knex';
import { register, type PrincipalResolver } from '../http/route';
import { openingOn, zonedInstant, type Weekday } from './generate';
import type { SchedulingRepository } from './repository';
import { assertPlans, type SchedulingService } from './service';

export interface SchedulingRouteDeps {
  db: Db;
  repo: SchedulingRepository;
  service: SchedulingService;
  appointments: AppointmentService;
  appointmentRepo: AppointmentRepository;
  rules: LifecycleRules;
  resolve: PrincipalResolver;
}

export function schedulingRoutes(deps: SchedulingRouteDeps): Router {
  const { service, appointments, appointmentRepo, rules, resolve } = deps;
  const router = Router();
  const staffView = async (id: string) => toStaffAppointment((await appointmentRepo.find(id))!, rules);

  register(router, routes.officeSchedule, resolve, ({ params, principal }) => service.schedule(principal, params.officeId));
  register(router, routes.setOfficeSettings, resolve, ({ params, principal, body }) =>
    service.setSettings(principal, params.officeId, body),
  );
  register(router, routes.setOpeningHours, resolve, ({ params, principal, body }) =>
    service.setHours(principal, params.officeId, body.hours),
  );
  register(router, routes.addCalendarException, resolve, ({ params, principal, body }) =>
    service.addException(principal, params.officeId, body),
  );
  register(router, routes.deleteCalendarException, resolve, ({ params, principal }) =>
    service.deleteException(principal, params.officeId, params.id),
  );
  register(router, routes.addShift, resolve, ({ params, principal, body }) => service.addShift(principal, params.officeId, body));
  register(router, routes.deleteShift, resolve, ({ params, principal }) => service.deleteShift(principal, params.officeId, params.id));
  register(router, routes.addAbsence, resolve, ({ params, principal, body }) => service.addAbsence(principal, params.officeId, body));
  register(router, routes.deleteAbsence, resolve, ({ params, principal }) => service.deleteAbsence(principal, params.officeId, params.id));
  register(router, routes.regenerateSlots, resolve, ({ params, principal }) => service.regenerate(principal, params.officeId));
  register(router, routes.schedulingConflicts, resolve, ({ params, principal }) => service.conflicts(principal, params.officeId));
  register(router, routes.planningBoard, resolve, ({ params, principal, query }) =>
    planningBoard(deps, principal, params.officeId, query.date ?? null, query.days ?? 1),
  );
  register(router, routes.setSlotCapacity, resolve, ({ params, principal, body }) =>
    service.setCapacity(principal, params.id, body.capacity),
  );
  register(router, routes.reassignAppointment, resolve, async ({ params, principal, body }) => {
    return toStaffAppointment(await appointments.reassign(principal!, params.id, body.clerkId), rules);
  });
  register(router, routes.staffCancelAppointment, resolve, async ({ params, principal }) => {
    await appointments.cancel(principal!, params.id);
    return staffView(params.id);
  });
  register(router, routes.staffRescheduleAppointment, resolve, async ({ params, principal, body }) => {
    await appointments.reschedule(principal!, params.id, body.slotId);
    return staffView(params.id);
  });
  return router;
}

/** The planning board: each day's opening, who is on shift (and absent), the appointments and the seats. */
async function planningBoard(
  deps: SchedulingRouteDeps,
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
  const dayStart = (d: string) => zonedInstant(d, '00:00', zone) ?? DateTime.fromISO(d, { zone }).toJSDate();
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
  const weekly = hours.map((h) => ({ weekday: h.weekday, opens: h.opens, closes: h.closes }));
  const closures = exceptions.map((e) => ({
    from: e.date_from,
    to: e.date_to,
    recurringYearly: e.recurring_yearly,
    kind: e.kind === 'special_hours' ? ('special_hours' as const) : ('closed' as const),
    ...(e.hours ? { hours: e.hours } : {}),
  }));
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
        opening: openingOn(d, weekly, closures),
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
