import { decideTicket } from '@oac/shared';
import type { Knex } from 'knex';
import { recordAudit, type Actor } from '../audit/audit';
import type { TicketRepository } from './repository';

/*
 * The two ticket changes that other domains' events make, inside the caller's transaction: a
 * session starting hands a fresh ticket to its clerk, a citizen leaving withdraws one nobody has
 * worked on. Each locks the ticket, follows the state machine and writes its audit entry; each
 * answers whether it changed anything.
 */

/** A ticket nobody has taken yet goes to `clerk` (a call started, a walk-in accepted, a contact taken at once). */
export async function takeFresh(
  trx: Knex.Transaction,
  repo: TicketRepository,
  ticketId: string,
  clerk: { id: string; name: string },
  now: Date,
  details: Record<string, unknown> = {},
): Promise<boolean> {
  const t = await repo.find(trx, ticketId, true);
  if (!t || (t.status !== 'registered' && t.status !== 'classified')) return false;
  await repo.update(trx, t.id, { status: 'in_progress', owner_staff_id: clerk.id, owned_at: t.owned_at ?? now });
  await recordAudit(trx, {
    actor: { kind: 'staff', staffId: clerk.id, name: clerk.name },
    entity: 'ticket',
    entityId: t.id,
    action: 'ticket.taken',
    from: t.status,
    to: 'in_progress',
    details: { ownerId: clerk.id, ...details },
  });
  return true;
}

/** The citizen withdrew before anyone worked on the ticket: it closes. */
export async function withdraw(
  trx: Knex.Transaction,
  repo: TicketRepository,
  ticketId: string,
  actor: Actor,
  now: Date,
  details: Record<string, unknown> = {},
): Promise<boolean> {
  const t = await repo.find(trx, ticketId, true);
  if (!t || !decideTicket(t.status, { type: 'withdraw' }).ok) return false;
  await repo.update(trx, t.id, { status: 'closed', closed_at: now });
  await recordAudit(trx, { actor, entity: 'ticket', entityId: t.id, action: 'ticket.withdrawn', from: t.status, to: 'closed', details });
  return true;
}
