import { AppError, isClosed, routes, type Principal } from '@oac/shared';
import { Router } from 'express';
import { assertAppointmentAccess } from '../appointments/access';
import type { AppointmentRepository } from '../appointments/repository';
import { register, type PrincipalResolver } from '../http/route';
import type { CallRepository } from './repository';

type Clerk = Extract<Principal, { kind: 'staff' }> & { role: 'clerk' };

function clerkOf(principal: Principal | null): Clerk {
  if (principal?.kind !== 'staff' || principal.role !== 'clerk')
    throw new AppError('forbidden', 'Only clerks wait for citizens in a lobby.');
  return principal as Clerk;
}

/** The REST side of calls: each clerk's lobby settings, and the identity checks made on camera. */
export function callRoutes(deps: {
  repo: CallRepository;
  appointments: AppointmentRepository;
  resolve: PrincipalResolver;
  /** The waiting citizens of an office must see the change at once. */
  onLobbyChanged: (officeId: string) => void;
}): Router {
  const { repo, appointments, resolve, onLobbyChanged } = deps;
  const router = Router();

  register(router, routes.lobbySettings, resolve, async ({ principal }) => {
    const me = clerkOf(principal);
    return (await repo.lobbySettings([me.userId])).get(me.userId) ?? { message: null, away: false };
  });
  register(router, routes.saveLobbySettings, resolve, async ({ principal, body }) => {
    const me = clerkOf(principal);
    await repo.saveLobbySettings(me.userId, body, { kind: 'staff', staffId: me.userId, name: me.name });
    if (me.officeId) onLobbyChanged(me.officeId);
    return body;
  });

  register(router, routes.identityChecks, resolve, async ({ params, principal }) => {
    assertAppointmentAccess(principal, await appointments.find(params.id), 'view');
    return { checks: await repo.identityChecks(params.id) };
  });
  register(router, routes.recordIdentityCheck, resolve, async ({ params, principal, body }) => {
    const appt = assertAppointmentAccess(principal, await appointments.find(params.id), 'check_identity');
    if (isClosed(appt.status)) throw new AppError('appointment_closed', 'This appointment is over.', { status: appt.status });
    const me = principal as Extract<Principal, { kind: 'staff' }>;
    return repo.addIdentityCheck(appt.id, body.documentType, { kind: 'staff', staffId: me.userId, name: me.name });
  });
  return router;
}
