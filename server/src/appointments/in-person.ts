import { AppError, type Principal } from '@oac/shared';
import { randomUUID } from 'node:crypto';
import { actorOf, recordAudit } from '../audit/audit';
import { hashToken, newToken } from '../auth/tokens';
import type { BookingRepository } from '../booking/repository';
import type { Db } from '../db/knex';
import type { MailScheduler } from '../mail/outbox';
import { rethrowConstraint } from '../db/errors';
import { assertAppointmentAccess } from './access';
import { SEAT_RULES, slotTaken } from './seats';
import type { AppointmentRepository, AppointmentRow } from './repository';
import type { AppointmentService } from './service';

/**
 * Habitatge et truca (issue 14): after a remote advice call, the housing clerk turns it into an
 * in-person visit at one of the housing offices. The visit is a further session of the same
 * ticket: a new appointment on an in-person slot, confirmed to the citizen by mail, with its own
 * private link. The video appointment stays as it was.
 */
export class InPersonFollowUp {
  constructor(
    private readonly db: Db,
    private readonly repo: AppointmentRepository,
    private readonly slots: BookingRepository,
    private readonly appointments: AppointmentService,
    private readonly mail: MailScheduler | null,
  ) {}

  /** The offices where the appointment's procedure can be done in person. */
  async offices(principal: Principal, id: string) {
    const row = assertAppointmentAccess(principal, await this.repo.find(id), 'end');
    return this.slots.inPersonOffices(this.db, row.service_id);
  }

  async book(principal: Principal, id: string, slotId: string): Promise<{ row: AppointmentRow; emailedTo: string | null }> {
    const row = await this.db
      .transaction(async (trx) => {
        const from = assertAppointmentAccess(principal, await this.repo.findForUpdate(trx, id), 'end');
        if (from.channel !== 'video' || !['in_call', 'done'].includes(from.status)) {
          throw new AppError('invalid_transition', 'Only a video appointment that took place can be continued in person.');
        }
        const slot = await this.slots.findSlot(trx, slotId);
        if (!slot) throw new AppError('slot_not_found', 'That time is no longer offered.');
        if (slot.in_past) throw new AppError('slot_in_past', 'That time has already passed. Please choose another.');
        const offices = await this.slots.inPersonOffices(trx, from.service_id);
        if (slot.service_id !== from.service_id || !offices.some((o) => o.id === slot.office_id)) {
          throw new AppError('service_not_offered', 'That office does not take this procedure in person at that time.');
        }
        if (slot.taken) throw slotTaken();
        const newId = randomUUID();
        await this.repo.insertFollowUp(trx, {
          id: newId,
          follows: from,
          slotId: slot.id,
          officeId: slot.office_id,
          clerkId: slot.clerk_id,
          channel: 'in_person',
          // The citizen's links to it are made when the mail is sent; this one is never shown.
          tokenHash: hashToken(newToken()),
        });
        const actor = actorOf(principal);
        await recordAudit(
          trx,
          {
            actor,
            entity: 'appointment',
            entityId: newId,
            action: 'appointment.booked',
            to: 'booked',
            details: { follows: from.id, channel: 'in_person', slotId },
          },
          {
            actor,
            entity: 'appointment',
            entityId: from.id,
            action: 'appointment.continued_in_person',
            from: from.status,
            to: from.status,
            details: { appointmentId: newId },
          },
          {
            actor,
            entity: 'ticket',
            entityId: from.ticket_id,
            action: 'ticket.session_added',
            details: { appointmentId: newId, channel: 'in_person' },
          },
        );
        await this.mail?.booked(trx, { id: newId, revision: 0, starts_at: slot.starts_at }, { confirm: true });
        return (await this.repo.find(newId, trx))!;
      })
      .catch(rethrowConstraint(SEAT_RULES));
    this.appointments.emit('changed', row, { action: 'appointment.booked', from: 'booked', to: 'booked' });
    return { row, emailedTo: this.mail ? row.citizen_email : null };
  }
}
