import { routes } from '@oac/shared';
import { Router } from 'express';
import { register, type PrincipalResolver } from '../http/route';
import type { CatalogueService } from './service';

export function catalogueRoutes(service: CatalogueService, resolve: PrincipalResolver): Router {
  const router = Router();
  register(router, routes.adminOffices, resolve, ({ principal }) => service.offices(principal));
  register(router, routes.createOffice, resolve, ({ principal, body }) => service.createOffice(principal, body));
  register(router, routes.saveOfficeDetails, resolve, ({ params, principal, body }) =>
    service.saveOfficeDetails(principal, params.officeId, body),
  );
  register(router, routes.catalogue, resolve, ({ principal }) => service.catalogue(principal));
  register(router, routes.createService, resolve, ({ principal, body }) => service.createService(principal, body));
  register(router, routes.saveService, resolve, ({ params, principal, body }) => service.saveService(principal, params.id, body));
  register(router, routes.setServiceOffices, resolve, ({ params, principal, body }) =>
    service.setOffices(principal, params.id, body.officeIds),
  );
  return router;
}
