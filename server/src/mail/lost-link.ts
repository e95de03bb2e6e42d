import type { LostLinkRequest } from '@oac/shared';
import { AppError } from '@oac/shared';
import type { AppointmentRepository } from '../appointments/repository';
import type { Quota, RateLimiter } from '../rate-limits/rate-limiter';
import type { MailScheduler } from './outbox';

/**
 * A citizen who lost their link gives the ticket number and the e-mail of the booking, and a new
 * link is e-mailed. The answer is the same whether they match or not, so the endpoint tells a
 * stranger nothing; it is limited per address and per ticket, and the mail per recipient.
 */
export class LostLinkService {
  readonly #quotas: { address: Quota; ticket: Quota; recipient: Quota };

  constructor(
    private readonly appointments: AppointmentRepository,
    private readonly limiter: RateLimiter,
    private readonly mail: MailScheduler | null,
    limits: { perAddressPerHour: number; mailsPerRecipientPerHour: number },
  ) {
    this.#quotas = {
      address: { bucket: 'lost_link_address', limit: limits.perAddressPerHour, windowSeconds: 3_600 },
      ticket: { bucket: 'lost_link_ticket', limit: 3, windowSeconds: 3_600 },
      recipient: { bucket: 'mail_recipient', limit: limits.mailsPerRecipientPerHour, windowSeconds: 3_600 },
    };
  }

  async request(req: LostLinkRequest, ctx: { address: string }): Promise<void> {
    const byAddress = await this.limiter.hit(this.#quotas.address, ctx.address);
    if (!byAddress.allowed) {
      throw new AppError('rate_limited', 'Too many requests. Please try again later.', { retryAfterSeconds: byAddress.retryAfterSeconds });
    }
    // Counted for every request, matching or not, so that the count itself reveals nothing.
    const byTicket = await this.limiter.hit(this.#quotas.ticket, req.ticketNumber);
    const row = await this.appointments.findByTicketAndEmail(req.ticketNumber, req.email);
    if (!row || !byTicket.allowed || !this.mail) return;
    if (!(await this.limiter.hit(this.#quotas.recipient, row.citizen_email)).allowed) return;
    await this.mail.lostLink(row);
  }
}
