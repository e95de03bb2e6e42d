import { routes } from '@oac/shared';
import { Router } from 'express';
import { register, type PrincipalResolver } from '../http/route';
import type { QualityService } from './service';

/** The quality indicators' route, validated by its schema in the shared route table. */
export function qualityRoutes(service: QualityService, resolve: PrincipalResolver): Router {
  const router = Router();
  register(router, routes.quality, resolve, ({ principal, query }) => service.report(principal, query));
  return router;
}
