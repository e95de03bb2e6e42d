import { routes } from '@oac/shared';
import { Router } from 'express';
import { register, type PrincipalResolver } from '../http/route';
import type { PeakService } from './peaks';
import type { QueueAdminService } from './service';

/** The queues' configuration (admins) and the offices' seasonal peaks (their schedulers), each parsed by its shared schema. */
export function queueRoutes(queues: QueueAdminService, peaks: PeakService, resolve: PrincipalResolver): Router {
  const router = Router();
  register(router, routes.adminQueues, resolve, ({ principal }) => queues.list(principal));
  register(router, routes.createQueue, resolve, ({ principal, body }) => queues.create(principal, body));
  register(router, routes.saveQueue, resolve, ({ principal, params, body }) => queues.save(principal, params.id, body));
  register(router, routes.setQueueActive, resolve, ({ principal, params, body }) => queues.setActive(principal, params.id, body.active));
  register(router, routes.setQueueMembers, resolve, ({ principal, params, body }) =>
    queues.setMembers(principal, params.id, body.staffIds),
  );
  register(router, routes.setQueueSupervisor, resolve, ({ principal, params, body }) =>
    queues.setSupervisor(principal, params.id, body.staffId),
  );
  register(router, routes.setQueueSla, resolve, ({ principal, params, body }) => queues.setSla(principal, params.id, body));
  register(router, routes.clearQueueSla, resolve, ({ principal, params }) => queues.clearSla(principal, params.id, params.priority));
  register(router, routes.setDefaultSla, resolve, ({ principal, body }) => queues.setDefaultSla(principal, body));
  register(router, routes.officePeaks, resolve, ({ principal, params }) => peaks.list(principal, params.officeId));
  register(router, routes.addPeak, resolve, ({ principal, params, body }) => peaks.add(principal, params.officeId, body));
  register(router, routes.removePeak, resolve, ({ principal, params }) => peaks.remove(principal, params.officeId, params.id));
  return router;
}
