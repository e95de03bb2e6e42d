import { routes } from '@oac/shared';
import { Router } from 'express';
import { register, type PrincipalResolver } from '../http/route';
import type { LostLinkService } from './lost-link';

export function lostLinkRoutes(lostLinks: LostLinkService, resolve: PrincipalResolver): Router {
  const router = Router();
  register(router, routes.lostLink, resolve, async ({ body, req }) => {
    await lostLinks.request(body, { address: req.ip ?? 'unknown' });
    return { accepted: true as const };
  });
  return router;
}
