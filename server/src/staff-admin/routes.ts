import { routes } from '@oac/shared';
import { Router } from 'express';
import { register, type PrincipalResolver } from '../http/route';
import type { StaffAdminService } from './service';

export function staffAdminRoutes(service: StaffAdminService, resolve: PrincipalResolver): Router {
  const router = Router();
  register(router, routes.staffAccounts, resolve, ({ principal }) => service.list(principal));
  register(router, routes.createStaffAccount, resolve, ({ principal, body }) => service.create(principal, body));
  register(router, routes.saveStaffAccount, resolve, ({ params, principal, body }) => service.change(principal, params.id, body));
  register(router, routes.setStaffActive, resolve, ({ params, principal, body }) => service.setActive(principal, params.id, body.active));
  register(router, routes.resetStaffPassword, resolve, ({ params, principal }) => service.resetPassword(principal, params.id));
  return router;
}
