import { AppError, routes } from '@oac/shared';
import { Router } from 'express';
import { citizenOf } from '../http/principal';
import { register, type PrincipalResolver } from '../http/route';
import type { TicketService } from './service';

/** The single window's ticket routes: every one of them validated by its schema in the shared route table. */
export function ticketRoutes(service: TicketService, resolve: PrincipalResolver): Router {
  const router = Router();
  register(router, routes.citizenTicket, resolve, async ({ principal }) => {
    const me = citizenOf(principal);
    const ticket = await service.forCitizen(me.appointmentId);
    if (!ticket) throw new AppError('ticket_not_found', 'That ticket does not exist.');
    return ticket;
  });
  register(router, routes.citizenTicketReply, resolve, async ({ principal, body }) => {
    const me = citizenOf(principal);
    await service.citizenReply(me.appointmentId, me.name, body.body);
    return (await service.forCitizen(me.appointmentId))!;
  });
  register(router, routes.citizenSurvey, resolve, async ({ principal, body }) => {
    const me = citizenOf(principal);
    await service.answerSurvey(me.appointmentId, me.name, body);
    return (await service.forCitizen(me.appointmentId))!;
  });
  register(router, routes.queues, resolve, ({ principal }) => service.queues(principal));
  register(router, routes.tickets, resolve, ({ principal, query }) => service.list(principal, query));
  register(router, routes.registerTicket, resolve, ({ principal, body }) => service.register(principal, body));
  register(router, routes.ticket, resolve, ({ principal, params }) => service.detail(principal, params.id));
  register(router, routes.ticketAction, resolve, ({ principal, params, body }) => service.act(principal, params.id, body.action));
  register(router, routes.classifyTicket, resolve, ({ principal, params, body }) => service.classify(principal, params.id, body));
  register(router, routes.rerouteTicket, resolve, ({ principal, params, body }) => service.reroute(principal, params.id, body));
  register(router, routes.addTicketNote, resolve, ({ principal, params, body }) => service.addNote(principal, params.id, body));
  register(router, routes.addTicketLink, resolve, ({ principal, params, body }) => service.addLink(principal, params.id, body));
  register(router, routes.resolveTicketLink, resolve, ({ principal, params }) => service.resolveLink(principal, params.id, params.linkId));
  return router;
}
