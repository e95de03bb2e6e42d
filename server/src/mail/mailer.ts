import { createTransport, type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { MailMessage } from './templates';

const RETRY_DELAYS_MS = [1_000, 5_000, 30_000];

/**
 * Sends mail over SMTP in the background, retrying a few times. A message is held only in memory
 * until it is sent: the booking e-mail carries the citizen's token, which the database never stores.
 */
export class Mailer {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly transport: Transporter,
    private readonly from: string,
    private readonly log: Logger,
  ) {}

  static fromUrl(url: string, from: string, log: Logger): Mailer {
    return new Mailer(createTransport(url), from, log);
  }

  /** Returns at once; delivery and its retries happen in the background. */
  send(message: MailMessage): void {
    void this.attempt(message, 0);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.transport.close();
  }

  private async attempt(message: MailMessage, tried: number): Promise<void> {
    if (this.closed) return;
    try {
      await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
      this.log.info({ subject: message.subject }, 'send() delivered');
    } catch (err) {
      const delay = RETRY_DELAYS_MS[tried];
      if (delay === undefined || this.closed) {
        this.log.error({ err, subject: message.subject }, 'send() gave up');
        return;
      }
      this.log.warn({ err, subject: message.subject, retryInMs: delay }, 'send() failed, will retry');
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.attempt(message, tried + 1);
      }, delay);
      this.timers.add(timer);
    }
  }
}
