import { routes, type LifecycleRules } from '@oac/shared';
import { Router } from 'express';
import type { AppointmentRepository } from '../appointments/repository';
import type { AppointmentService } from '../appointments/service';
import { toStaffAppointment } from '../appointments/views';
import type { Db } from '../db/knex';
import { register, type PrincipalResolver } from '../http/route';
import { planningBoard } from './board';
import type { SchedulingRepository } from './repository';
import type { SchedulingService } from './service';

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
  const { service, appointments, rules, resolve } = deps;
  const router = Router();

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
  register(router, routes.staffCancelAppointment, resolve, async ({ params, principal }) =>
    toStaffAppointment(await appointments.cancel(principal!, params.id), rules),
  );
  register(router, routes.staffRescheduleAppointment, resolve, async ({ params, principal, body }) =>
    toStaffAppointment(await appointments.reschedule(principal!, params.id, body.slotId), rules),
  );
  return router;
}
