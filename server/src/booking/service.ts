import { AppError, type BookingRequest, type BookingResponse, type LifecycleRules, type SlotQuery } from '@oac/shared';
import { EventEmitter } from 'node:events';
import type { AppointmentRepository } from '../appointments/repository';
import { toCitizenAppointment } from '../appointments/views';
import { recordAudit } from '../audit/audit';
import type { Db } from '../db/knex';
import { hashToken, newToken } from '../auth/tokens';
import type { MailScheduler } from '../mail/outbox';
import type { Quota, RateLimiter } from '../rate-limits/rate-limiter';
import type { BookingRepository } from './repository';
import { iso } from './views';

const UNIQUE_VIOLATION = '23505';

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
    const slots = await this.repo.listFreeSlots(service.office_id, q.from ?? madridToday(), q.days ?? 7);
    return slots.map((s) => ({ id: s.id, startsAt: iso(s.starts_at), endsAt: iso(s.ends_at) }));
  }

  /**
   * Books a slot. Uniqueness is the database's job: the partial unique index on
   * appointments(slot_id) refuses a second active booking, however the requests interleave.
   * Each attempt first takes a hit from the address's and the e-mail's quotas, atomically, so a
   * flood cannot all slip under them; an attempt that books nothing gives its hits back.
   */
  async book(req: BookingRequest, ctx: BookingContext): Promise<BookingResponse> {
    const service = await this.repo.findService(req.serviceId);
    if (!service) throw new AppError('validation_error', 'That procedure does not exist.', [{ path: 'serviceId', code: 'not_found' }]);
    const email = req.email.toLowerCase();
    const taken: [Quota, string][] = [];
    try {
      for (const [quota, key] of [
        [this.#quotas.address, ctx.address],
        [this.#quotas.email, email],
      ] as const) {
        const hit = await this.limiter.hit(quota, key);
        taken.push([quota, key]);
        if (!hit.allowed) {
          throw new AppError('booking_rate_limited', 'Too many bookings in a short time. Please try again later.', {
            retryAfterSeconds: hit.retryAfterSeconds,
          });
        }
      }
      // The confirmation mail counts against the recipient's hourly limit; a booking over it still stands, unmailed.
      let notify = false;
      if (this.mail) {
        notify = (await this.limiter.hit(this.#quotas.mail, email)).allowed;
        taken.push([this.#quotas.mail, email]);
      }
      const token = newToken();
      const appointmentId = await this.#insert(req, email, service, token, notify);
      const appointment = await this.appointments.find(appointmentId);
      const booking = {
        appointment: toCitizenAppointment(appointment!, this.rules),
        token,
        link: citizenLink(token),
        emailedTo: notify ? email : null,
      };
      this.emit('booked', booking, { ...req, email }, { notify });
      return booking;
    } catch (err) {
      await Promise.all(taken.map(([quota, key]) => this.limiter.refund(quota, key))).catch(() => undefined);
      throw err;
    }
  }

  async #insert(
    req: BookingRequest,
    email: string,
    service: { id: string; office_id: string },
    token: string,
    notify: boolean,
  ): Promise<string> {
    return this.db.transaction(async (trx) => {
      const slot = await this.repo.findSlot(trx, req.slotId);
      if (!slot) throw new AppError('slot_not_found', 'That time is no longer offered.');
      if (slot.in_past) throw new AppError('slot_in_past', 'That time has already passed. Please choose another.');
      if (slot.office_id !== service.office_id)
        throw new AppError('service_not_offered', 'That office does not offer this procedure at that time.');
      if ((await this.appointments.lockAndCountActive(trx, email, service.id)) >= this.limits.activePerEmailAndService) {
        throw new AppError('already_booked', 'You already have an upcoming appointment for this procedure.');
      }
      try {
        const created = await this.appointments.insert(trx, {
          slotId: slot.id,
          officeId: slot.office_id,
          serviceId: service.id,
          clerkId: slot.clerk_id,
          ticketPrefix: slot.ticket_prefix,
          citizenName: req.name,
          citizenEmail: email,
          language: req.language,
          tokenHash: hashToken(token),
        });
        const actor = { kind: 'citizen' as const, name: req.name };
        await recordAudit(trx, {
          actor,
          entity: 'ticket',
          entityId: created.ticketId,
          action: 'ticket.opened',
          to: 'open',
          details: { number: created.ticketNumber },
        });
        await recordAudit(trx, {
          actor,
          entity: 'appointment',
          entityId: created.id,
          action: 'appointment.booked',
          to: 'booked',
          details: { slotId: slot.id },
        });
        await this.mail?.booked(trx, (await this.appointments.find(created.id, trx))!, { confirm: notify });
        return created.id;
      } catch (err) {
        if ((err as { code?: string }).code === UNIQUE_VIOLATION) {
          throw new AppError('slot_taken', 'Somebody has just booked that time. Please choose another.');
        }
        throw err;
      }
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
