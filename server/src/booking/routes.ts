import { AppError, routes } from '@oac/shared';
import { Router } from 'express';
import { register, type PrincipalResolver } from '../http/route';
import type { BookingRepository } from './repository';
import type { BookingService } from './service';
import { toOffice, toProcedure, toService } from './views';

export function bookingRoutes(service: BookingService, repo: BookingRepository, resolve: PrincipalResolver): Router {
  const router = Router();
  register(router, routes.listOffices, resolve, async () => (await repo.listOffices()).map(toOffice));
  register(router, routes.listProcedures, resolve, async () => (await repo.listProcedures()).map(toProcedure));
  register(router, routes.listServices, resolve, async ({ params }) => {
    if (!(await repo.findOffice(params.officeId))) throw new AppError('not_found', 'That office does not exist.');
    return (await repo.listServices(params.officeId)).map((r) => toService(r, params.officeId));
  });
  register(router, routes.listSlots, resolve, ({ query }) => service.listFreeSlots(query));
  register(router, routes.book, resolve, ({ body, req }) => service.book(body, { address: req.ip ?? 'unknown' }));
  return router;
}
