import { AppError, type BookingRequest, type BookingResponse, type SlotQuery } from '@oac/shared';
import { EventEmitter } from 'node:events';
import type { Db } from '../db/knex';
import { hashToken, newToken } from '../auth/tokens';
import { openTicket } from '../tickets/repository';
import type { BookingRepository } from './repository';
import { iso, toCitizenAppointment } from './views';

const UNIQUE_VIOLATION = '23505';

/** Today's date in Madrid, as YYYY-MM-DD. */
export function madridToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Madrid' }).format(now);
}

export type BookingEvents = { booked: [booking: BookingResponse, request: BookingRequest] };

export class BookingService extends EventEmitter<BookingEvents> {
  constructor(
    private readonly db: Db,
    private readonly repo: BookingRepository,
    /** Whether a listener e-mails the confirmation (see server.ts); the response says so to the citizen. */
    private readonly confirmsByEmail = false,
  ) {
    super();
  }

  async listFreeSlots(q: SlotQuery) {
    const service = await this.repo.findService(q.serviceId);
    if (!service) throw new AppError('not_found', 'That procedure does not exist.');
    const slots = await this.repo.listFreeSlots(service.office_id, q.from ?? madridToday(), q.days ?? 7);
    return slots.map((s) => ({ id: s.id, startsAt: iso(s.starts_at), endsAt: iso(s.ends_at) }));
  }

  /**
   * Books a slot. Uniqueness is the database's job: the partial unique index on
   * appointments(slot_id) refuses a second active booking, however the requests interleave.
   */
  async book(req: BookingRequest): Promise<BookingResponse> {
    const service = await this.repo.findService(req.serviceId);
    if (!service) throw new AppError('validation_error', 'That procedure does not exist.', [{ path: 'serviceId', code: 'not_found' }]);
    const token = newToken();
    const appointmentId = await this.db.transaction(async (trx) => {
      const slot = await this.repo.findSlot(trx, req.slotId);
      if (!slot) throw new AppError('slot_not_found', 'That time is no longer offered.');
      if (slot.in_past) throw new AppError('slot_in_past', 'That time has already passed. Please choose another.');
      if (slot.office_id !== service.office_id)
        throw new AppError('service_not_offered', 'That office does not offer this procedure at that time.');
      const ticket = await openTicket(trx, {
        officeId: slot.office_id,
        serviceId: service.id,
        prefix: slot.ticket_prefix,
        citizenName: req.name,
        citizenEmail: req.email,
      });
      try {
        const [row] = await trx('appointments')
          .insert({
            slot_id: slot.id,
            office_id: slot.office_id,
            service_id: service.id,
            clerk_id: slot.clerk_id,
            ticket_id: ticket.id,
            citizen_name: req.name,
            citizen_email: req.email.toLowerCase(),
            language: req.language,
            token_hash: hashToken(token),
          })
          .returning('id');
        return row.id as string;
      } catch (err) {
        if ((err as { code?: string }).code === UNIQUE_VIOLATION) {
          throw new AppError('slot_taken', 'Somebody has just booked that time. Please choose another.');
        }
        throw err;
      }
    });
    const appointment = await this.repo.findAppointment(appointmentId);
    const email = req.email.toLowerCase();
    const booking = {
      appointment: toCitizenAppointment(appointment!),
      token,
      link: `/a/${token}`,
      emailedTo: this.confirmsByEmail ? email : null,
    };
    this.emit('booked', booking, { ...req, email });
    return booking;
  }
}
