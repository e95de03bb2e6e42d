import { AppError, routes } from '@oac/shared';
import type { Request } from 'express';
import { Router } from 'express';
import { bearerToken } from '../auth/tokens';
import { register, type PrincipalResolver } from '../http/route';
import type { LiveService } from './service';

/** The waiting page's token, from its `Authorization: Bearer` header. */
function tokenOf(req: Request): string {
  const token = bearerToken(req.headers.authorization);
  if (!token) throw new AppError('invalid_token', 'This link is not valid.');
  return token;
}

/** "Attend me now": the citizen's side by the waiting page's private token, the clerk's by their session. */
export function liveRoutes(service: LiveService, resolve: PrincipalResolver): Router {
  const router = Router();
  register(router, routes.liveRequest, resolve, ({ body, req }) => service.request(body, { address: req.ip ?? 'unknown' }));
  register(router, routes.liveStatus, resolve, ({ req }) => service.status(tokenOf(req)));
  register(router, routes.liveLeave, resolve, ({ req }) => service.leave(tokenOf(req)));
  register(router, routes.liveCallback, resolve, ({ req, body }) => service.callback(tokenOf(req), body));
  register(router, routes.liveDesk, resolve, ({ principal }) => service.desk(principal));
  register(router, routes.livePresence, resolve, ({ principal, body }) => service.setPresence(principal, body.status));
  register(router, routes.liveAccept, resolve, ({ principal, params }) => service.accept(principal, params.id));
  register(router, routes.liveDecline, resolve, ({ principal, params }) => service.decline(principal, params.id));
  register(router, routes.liveCallbackDone, resolve, ({ principal, params, body }) =>
    service.callbackDone(principal, params.id, body.outcome),
  );
  return router;
}
