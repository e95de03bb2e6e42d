import { AppError, routes } from '@oac/shared';
import { Router } from 'express';
import { canAccessAppointment } from '../access/policy';
import type { BookingRepository } from '../booking/repository';
import { madridToday } from '../booking/service';
import { toStaffAppointment } from '../booking/views';
import { register, type PrincipalResolver } from '../http/route';
import type { AgendaRepository } from './repository';

export function agendaRoutes(agenda: AgendaRepository, booking: BookingRepository, resolve: PrincipalResolver): Router {
  const router = Router();
  register(router, routes.agenda, resolve, async ({ query, principal }) => {
    if (principal?.kind !== 'staff') throw new AppError('forbidden', 'This is for council staff only.');
    const date = query.date ?? madridToday();
    const scope =
      principal.role === 'admin'
        ? { officeId: null, clerkId: null }
        : { officeId: principal.officeId, clerkId: principal.role === 'clerk' ? principal.userId : null };
    if (principal.role !== 'admin' && !principal.officeId) return { date, appointments: [] };
    const ids = await agenda.dayAppointmentIds(date, scope);
    const rows = ids.length ? await booking.findAppointments(ids) : [];
    return { date, appointments: rows.map(toStaffAppointment) };
  });
  register(router, routes.staffAppointment, resolve, async ({ params, principal }) => {
    const row = await booking.findAppointment(params.id);
    if (!row) throw new AppError('appointment_not_found', 'That appointment does not exist.');
    if (!canAccessAppointment(principal, { id: row.id, officeId: row.office_id, clerkId: row.clerk_id }, 'view')) {
      throw new AppError('forbidden', 'This appointment belongs to another office or clerk.');
    }
    return toStaffAppointment(row);
  });
  return router;
}
