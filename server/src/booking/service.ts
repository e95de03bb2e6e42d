import { AppError, type BookingRequest, type BookingResponse, type LifecycleRules, type SlotQuery } from '@oac/shared';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { AppointmentRepository, AppointmentRow } from '../appointments/repository';
import { SEAT_RULES, slotTaken } from '../appointments/seats';
import { toCitizenAppointment } from '../appointments/views';
import { rethrowConstraint, violatedConstraint } from '../db/errors';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/knex';
import { hashToken, newToken } from '../auth/tokens';
import type { MailScheduler } from '../mail/outbox';
import type { Quota, RateLimiter } from '../rate-limits/rate-limiter';
import type { BookingRepository } from './repository';
import { iso } from './views';

/** How often a booking runs again when its clerk was taken meanwhile by a booking of another procedure's slot. */
const CLERK_RACE_ATTEMPTS = 3;

class ClerkTakenMeanwhile extends Error {}

/** Today's date in Madrid, as YYYY-MM-DD. */
export function madridToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Madrid' }).format(now);
}

/** Fair access and anti-abuse limits (issue 11, §3). */
export interface BookingLimits {
  perAddressPerHour: number;
  perEmailPerDay: number;
  activePerEmailAndService: number;
  mailsPerRecipientPerHour: number;
}

export interface BookingContext {
  /** The client's address, as the trusted proxies report it. */
  address: string;
}

export type BookingEvents = {
  /** A slot was booked; `notify` says whether the confirmation may be e-mailed (the recipient is under its mail limit). */
  booked: [booking: BookingResponse, request: BookingRequest, delivery: { notify: boolean }];
};

export class BookingService extends EventEmitter<BookingEvents> {
  readonly #quotas: { address: Quota; email: Quota; mail: Quota };

  constructor(
    private readonly db: Db,
    private readonly repo: BookingRepository,
    private readonly appointments: AppointmentRepository,
    private readonly rules: LifecycleRules,
    private readonly limiter: RateLimiter,
    private readonly limits: BookingLimits,
    /** The durable mail, told of each booking inside its transaction; null when no mail is sent. */
    private readonly mail: MailScheduler | null = null,
  ) {
    super();
    this.#quotas = {
      address: { bucket: 'booking_address', limit: limits.perAddressPerHour, windowSeconds: 3_600 },
      email: { bucket: 'booking_email', limit: limits.perEmailPerDay, windowSeconds: 86_400 },
      mail: { bucket: 'mail_recipient', limit: limits.mailsPerRecipientPerHour, windowSeconds: 3_600 },
    };
  }

  async listFreeSlots(q: SlotQuery) {
    const service = await this.repo.findService(q.serviceId);
    if (!service) throw new AppError('not_found', 'That procedure does not exist.');
    const slots = await this.repo.listFreeSlots(service.id, q.officeId ?? null, q.from ?? madridToday(), q.days ?? 7);
    return slots.map((s) => ({
      id: s.id,
      officeId: s.office_id,
      seatsLeft: s.seats_left,
      startsAt: iso(s.starts_at),
      endsAt: iso(s.ends_at),
    }));
  }

  /**
   * Books a slot. Uniqueness is the database's job: the partial unique index on
   * appointments(slot_id) refuses a second active booking, however the requests interleave.
   * Each attempt first takes a hit from the address's and the e-mail's quotas, atomically, so a
   * flood cannot all slip under them; an attempt that books nothing gives its hits back.
   */
  async book(req: BookingRequest, ctx: BookingContext): Promise<BookingResponse> {
    const email = req.email.toLowerCase();
    const token = newToken();
    const { row, notify } = await this.#insertRetrying(req, email, token, ctx);
    const booking = {
      appointment: toCitizenAppointment(row, this.rules),
      token,
      link: citizenLink(token),
      emailedTo: notify ? email : null,
    };
    this.emit('booked', booking, { ...req, email }, { notify });
    return booking;
  }

  /** A booking whose clerk was taken meanwhile, by another procedure at that time, runs again with the next free one. */
  async #insertRetrying(req: BookingRequest, email: string, token: string, ctx: BookingContext) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#insert(req, email, token, ctx);
      } catch (err) {
        if (!(err instanceof ClerkTakenMeanwhile)) throw err;
        if (attempt >= CLERK_RACE_ATTEMPTS) throw slotTaken();
      }
    }
  }

  /**
   * The booking's transaction: the quotas, the check, the audit records, the mail, and last the
   * statement that takes the ticket number and inserts the ticket and the appointment, so that the
   * office's counter row is held only until the commit. A refusal anywhere rolls the quotas back.
   */
  async #insert(req: BookingRequest, email: string, token: string, ctx: BookingContext): Promise<{ row: AppointmentRow; notify: boolean }> {
    return this.db.transaction(async (trx) => {
      // The address's and the e-mail's quotas, and the recipient's mail (a booking over that one
      // still stands, unmailed), in one statement.
      const [byAddress, byEmail, byRecipient] = await this.limiter.hitAll(
        [
          [this.#quotas.address, ctx.address],
          [this.#quotas.email, email],
          ...(this.mail ? ([[this.#quotas.mail, email]] as [Quota, string][]) : []),
        ],
        trx,
      );
      const refused = [byAddress!, byEmail!].find((h) => !h.allowed);
      if (refused) {
        throw new AppError('booking_rate_limited', 'Too many bookings in a short time. Please try again later.', {
          retryAfterSeconds: refused.retryAfterSeconds,
        });
      }
      const notify = byRecipient?.allowed ?? false;
      const check = await this.repo.prepareBooking(trx, req.slotId, req.serviceId, email);
      if (!check) throw new AppError('validation_error', 'That procedure does not exist.', [{ path: 'serviceId', code: 'not_found' }]);
      if (!check.slot_id) throw new AppError('slot_not_found', 'That time is no longer offered.');
      if (check.in_past) throw new AppError('slot_in_past', 'That time has already passed. Please choose another.');
      if (check.slot_service_id !== check.service_id) {
        throw new AppError('service_not_offered', 'That office does not offer this procedure at that time.');
      }
      if (!check.service_channels.includes(req.channel) || !check.office_channels?.includes(req.channel)) {
        throw new AppError('channel_not_offered', 'This office does not do this procedure that way. Please choose another.', {
          channel: req.channel,
        });
      }
      if (check.active >= this.limits.activePerEmailAndService) {
        throw new AppError('already_booked', 'You already have an upcoming appointment for this procedure.');
      }
      if (check.taken) throw slotTaken();
      const id = randomUUID();
      const ticketId = randomUUID();
      const actor = { kind: 'citizen' as const, name: req.name };
      await recordAudit(
        trx,
        { actor, entity: 'ticket', entityId: ticketId, action: 'ticket.opened', to: 'classified', details: { appointmentId: id } },
        { actor, entity: 'appointment', entityId: id, action: 'appointment.booked', to: 'booked', details: { slotId: check.slot_id } },
      );
      await this.mail?.booked(trx, { id, revision: 0, starts_at: check.starts_at }, { confirm: notify });
      let created: { ticketNumber: string };
      try {
        created = await this.appointments.insert(trx, {
          id,
          ticketId,
          slotId: check.slot_id,
          officeId: check.slot_office_id!,
          serviceId: check.service_id,
          clerkId: check.clerk_id,
          ticketPrefix: check.ticket_prefix,
          citizenName: req.name,
          citizenEmail: email,
          language: req.language,
          channel: req.channel,
          tokenHash: hashToken(token),
        });
      } catch (err) {
        // The clerk taken meanwhile by a booking of another procedure's slot at the same time runs
        // again with the next free one; the seat count's CHECK means the seat is gone.
        if (violatedConstraint(err) === 'appointments_clerk_no_overlap') throw new ClerkTakenMeanwhile();
        return rethrowConstraint(SEAT_RULES)(err);
      }
      // The new appointment as the repository would read it back, from what this transaction knows.
      const row: AppointmentRow = {
        id,
        slot_id: check.slot_id,
        on_demand: false,
        office_id: check.slot_office_id!,
        service_id: check.service_id,
        clerk_id: check.clerk_id,
        ticket_id: ticketId,
        ticket_number: created.ticketNumber,
        citizen_name: req.name,
        citizen_email: email,
        language: req.language,
        status: 'booked',
        channel: req.channel,
        call_mode: 'video',
        starts_at: check.starts_at,
        ends_at: check.ends_at,
        checked_in_at: null,
        call_started_at: null,
        ended_at: null,
        cancelled_at: null,
        staff_notes: '',
        revision: 0,
        office_name_ca: check.office_name_ca,
        office_name_es: check.office_name_es,
        office_name_en: check.office_name_en,
        office_address: check.office_address,
        service_code: check.service_code,
        service_name_ca: check.service_name_ca,
        service_name_es: check.service_name_es,
        service_name_en: check.service_name_en,
        clerk_name: check.clerk_name,
      };
      return { row, notify };
    });
  }
}

/**
 * The citizen's private page. The token rides in the fragment, which browsers never send to a
 * server, so it stays out of every access log and Referer (issue 11, §7).
 */
export function citizenLink(token: string): string {
  return `/a#${token}`;
}
