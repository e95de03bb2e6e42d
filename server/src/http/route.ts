import { AppError, type RouteDef } from '@oac/shared';
import type { NextFunction, Request, Response, Router } from 'express';
import type { z } from 'zod';
import { setLogAppointment } from '../log-context';
import type { Principal } from './principal';

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface RouteInput<D extends RouteDef> {
  params: Infer<D['params']>;
  query: Infer<D['query']>;
  body: D['body'] extends z.ZodType ? z.infer<D['body']> : undefined;
  principal: Principal | null;
  req: Request;
  res: Response;
}

type Output<D extends RouteDef> = D['response'] extends z.ZodType ? z.input<D['response']> : void;

export type PrincipalResolver = (req: Request) => Promise<Principal | null>;

/**
 * Registers a route from its shared definition: authenticates, parses params, query and body
 * with the shared schemas (unknown fields are refused), runs the handler and sends its result.
 * A `binary` route's handler writes the response itself.
 */
export function register<D extends RouteDef>(
  router: Router,
  def: D,
  resolve: PrincipalResolver,
  handler: (input: RouteInput<D>) => Promise<Output<D>>,
): void {
  router[def.method](def.path, async (req: Request, res: Response, next: NextFunction) => {
    try {
      // Public routes need nobody: no session or token lookup on their path.
      const principal = def.auth === 'public' ? null : await resolve(req);
      assertAuth(def, principal);
      if (def.body && def.body !== 'multipart' && !req.is('application/json')) {
        throw new AppError('unsupported_media_type', 'Send the body as application/json.');
      }
      const params = def.params ? def.params.parse(req.params) : undefined;
      const appointmentId = (params as { appointmentId?: unknown } | undefined)?.appointmentId;
      if (typeof appointmentId === 'string') setLogAppointment(appointmentId);
      const input = {
        params,
        query: def.query ? def.query.parse(req.query) : undefined,
        body: def.body && def.body !== 'multipart' ? def.body.parse(req.body ?? {}) : undefined,
        principal,
        req,
        res,
      } as RouteInput<D>;
      const out = await handler(input);
      if (def.response === 'binary' || res.headersSent) return;
      // A handler may pick another status itself (health answers 503 with the same body).
      if (res.statusCode === 200 && def.status) res.status(def.status);
      if (res.statusCode === 204) res.end();
      else res.json(out);
    } catch (err) {
      next(err);
    }
  });
}

function assertAuth(def: RouteDef, principal: Principal | null): void {
  if (def.auth === 'public') return;
  if (!principal) {
    throw new AppError(def.auth === 'citizen' ? 'invalid_token' : 'unauthenticated', 'Please sign in or use your private link.');
  }
  if (def.auth === 'staff' && principal.kind !== 'staff') throw new AppError('forbidden', 'This is for council staff only.');
  if (def.auth === 'citizen' && principal.kind !== 'citizen') throw new AppError('forbidden', 'This needs a citizen link.');
}
