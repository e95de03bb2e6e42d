import { routes } from '@oac/shared';
import { Router } from 'express';
import { register, type PrincipalResolver } from '../http/route';
import { toStaffUser, type AuthService } from './service';

export function authRoutes(auth: AuthService, resolve: PrincipalResolver): Router {
  const router = Router();
  register(router, routes.login, resolve, async ({ body, req, res }) => {
    const { user, cookies } = await auth.login(body, { address: req.ip ?? 'unknown', cookieHeader: req.headers.cookie });
    res.setHeader('Set-Cookie', cookies);
    return { user };
  });
  register(router, routes.logout, resolve, async ({ req, res }) => {
    res.setHeader('Set-Cookie', await auth.logout(req.headers.cookie));
    return null;
  });
  register(router, routes.me, resolve, async ({ principal }) => {
    if (principal?.kind !== 'staff') throw new Error('unreachable: staff route');
    return {
      user: toStaffUser({
        id: principal.userId,
        email: principal.email,
        name: principal.name,
        role: principal.role,
        office_id: principal.officeId,
        password_hash: '',
        active: true,
      }),
    };
  });
  return router;
}
