import { AppError, routes } from '@oac/shared';
import { Router } from 'express';
import { auditTrail } from '../audit/audit';
import { madridToday } from '../booking/service';
import type { Db } from '../db/knex';
import { citizenOf } from '../http/principal';
import { register, type PrincipalResolver } from '../http/route';
import { assertAppointmentAccess } from './access';
import { toOffice } from '../booking/views';
import { appointmentCalendar } from './calendar';
import type { InPersonFollowUp } from './in-person';
import type { AppointmentRepository } from './repository';
import type { AppointmentService } from './service';
import { toCitizenAppointment, toStaffAppointment } from './views';

export interface AppointmentRouteDeps {
  db: Db;
  repo: AppointmentRepository;
  service: AppointmentService;
  resolve: PrincipalResolver;
  inPerson: InPersonFollowUp;
  /** The sender of the council's mail, the organiser of calendar events. */
  organizer: { name: string; email: string };
}

export function appointmentRoutes({ db, repo, service, inPerson, resolve, organizer }: AppointmentRouteDeps): Router {
  const router = Router();
  const rules = service.rules;

  register(router, routes.citizenAppointment, resolve, async ({ principal }) => {
    const me = citizenOf(principal);
    const row = assertAppointmentAccess(me, await repo.find(me.appointmentId), 'view');
    return toCitizenAppointment(row, rules);
  });
  register(router, routes.cancelAppointment, resolve, async ({ principal }) => {
    const me = citizenOf(principal);
    return toCitizenAppointment(await service.cancel(me, me.appointmentId), rules);
  });
  register(router, routes.rescheduleAppointment, resolve, async ({ principal, body }) => {
    const me = citizenOf(principal);
    return toCitizenAppointment(await service.reschedule(me, me.appointmentId, body.slotId), rules);
  });
  register(router, routes.appointmentCalendar, resolve, async ({ principal, res }) => {
    const me = citizenOf(principal);
    const row = assertAppointmentAccess(me, await repo.find(me.appointmentId), 'view');
    const ics = appointmentCalendar(row, { method: row.status === 'cancelled' ? 'CANCEL' : 'PUBLISH', url: null, organizer });
    res.status(200);
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="cita-${row.ticket_number}.ics"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.end(ics);
  });

  register(router, routes.agenda, resolve, async ({ query, principal }) => {
    if (principal?.kind !== 'staff') throw new AppError('forbidden', 'This is for council staff only.');
    const date = query.date ?? madridToday();
    const scope =
      principal.role === 'admin'
        ? { officeId: null, clerkId: null }
        : { officeId: principal.officeId, clerkId: principal.role === 'clerk' ? principal.userId : null };
    if (principal.role !== 'admin' && !principal.officeId) return { date, appointments: [] };
    const ids = await repo.dayIds(date, scope);
    const rows = ids.length ? await repo.findMany(ids) : [];
    return { date, appointments: rows.map((r) => toStaffAppointment(r, rules)) };
  });
  register(router, routes.staffAppointment, resolve, async ({ params, principal }) => {
    return toStaffAppointment(assertAppointmentAccess(principal, await repo.find(params.id), 'view'), rules);
  });
  register(router, routes.inPersonOffices, resolve, async ({ params, principal }) =>
    (await inPerson.offices(principal!, params.id)).map(toOffice),
  );
  register(router, routes.continueInPerson, resolve, async ({ params, principal, body }) => {
    const { row, emailedTo } = await inPerson.book(principal!, params.id, body.slotId);
    return { appointment: toStaffAppointment(row, rules), emailedTo };
  });
  register(router, routes.endAppointment, resolve, async ({ params, principal, body }) => {
    return toStaffAppointment(await service.end(principal!, params.id, body.outcome), rules);
  });
  register(router, routes.changeOutcome, resolve, async ({ params, principal, body }) => {
    return toStaffAppointment(await service.changeOutcome(principal!, params.id, body.outcome), rules);
  });
  register(router, routes.setAppointmentNotes, resolve, async ({ params, principal, body }) => {
    return toStaffAppointment(await service.setNotes(principal!, params.id, body.notes), rules);
  });
  register(router, routes.appointmentHistory, resolve, async ({ params, principal }) => {
    assertAppointmentAccess(principal, await repo.find(params.id), 'view');
    return auditTrail(db, 'appointment', params.id);
  });
  return router;
}
