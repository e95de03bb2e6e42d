import { isClosed, changeCutoff, OPEN_TICKET_STATUSES, type LifecycleRules } from '@oac/shared';
import type { Knex } from 'knex';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { appointmentCalendar } from '../appointments/calendar';
import type { AppointmentRepository, AppointmentRow } from '../appointments/repository';
import { toCitizenAppointment } from '../appointments/views';
import { hashToken, newToken } from '../auth/tokens';
import { citizenLink } from '../booking/service';
import type { Db } from '../db/knex';
import { escalationMail } from './staff-templates';
import { appointmentMail, type MailKind, type MailMessage } from './templates';

/*
 * Durable mail (issue 12): messages wait in PostgreSQL until they are sent, so a restart loses
 * none. A worker on every node claims due messages with FOR UPDATE SKIP LOCKED and a lease: a node
 * that dies mid-send leaves its message to be claimed again when the lease runs out. A message's
 * link token is made when it is sent and only its hash stored, so no plaintext token is ever kept.
 */

export interface OutboxOptions {
  /** How often the worker looks for due messages. */
  pollMs: number;
  /** How long a claimed message is held before another node may take it over. */
  leaseMs: number;
  /** Attempts before a message is given up (status failed). */
  maxAttempts: number;
  /** Reminders, as minutes before the start (default a day and an hour). */
  reminderOffsetsMinutes: number[];
  /** How long after the appointment a message's link still opens the page (documents, outcome). */
  linkValidDays: number;
  /** Absolute base of the links in the messages (known once the server listens). */
  publicUrl: () => string;
  from: string;
  organizer: { name: string; email: string };
  rules: LifecycleRules;
}

/** What the appointments domain tells the mail, inside the transaction of its change. */
export interface MailScheduler {
  booked(trx: Knex.Transaction, appointment: NewlyBooked, opts: { confirm: boolean }): Promise<void>;
  rescheduled(trx: Knex.Transaction, row: AppointmentRow): Promise<void>;
  cancelled(trx: Knex.Transaction, row: AppointmentRow): Promise<void>;
  lostLink(row: AppointmentRow): Promise<void>;
  /** A resolved ticket's satisfaction survey, mailed at `dueAt` through its last session, if still resolved then. */
  survey(trx: Knex.Transaction, appointmentId: string, dueAt: Date): Promise<void>;
  /** A ticket escalated to its queue's supervisor: mailed to them now, once per escalation. */
  escalation(
    trx: Knex.Transaction,
    e: { ticketId: string; staffId: string; clock: 'own' | 'resolve'; dueAt: string | null },
  ): Promise<void>;
}

/** What the mail needs of an appointment being booked, before its row exists. */
export type NewlyBooked = Pick<AppointmentRow, 'id' | 'revision' | 'starts_at'>;

interface Claimed {
  id: number;
  appointment_id: string | null;
  ticket_id: string | null;
  staff_id: string | null;
  kind: MailKind | 'escalation';
  /** An escalation's clock and due time. */
  details: { clock?: 'own' | 'resolve'; dueAt?: string | null } | null;
  revision: number;
  attempts: number;
}

/** A message as it is handed to the transport: an invitation attached, for the citizen's. */
type Outgoing = Pick<MailMessage, 'to' | 'subject' | 'text' | 'html'> & {
  icalEvent?: { method: 'REQUEST' | 'CANCEL'; content: string; filename: string };
};

const STOP_GRACE_MS = 2_000;

/** 30 s, 2 min, 8 min, 32 min, 2 h...: a mail server that is down for a while does not lose the message. */
function backoffMs(attempts: number): number {
  return Math.min(6 * 3600_000, 30_000 * 4 ** Math.max(0, attempts - 1));
}

export class MailOutbox implements MailScheduler {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();
  #stopped = false;
  /** Told of every failed attempt to send (for the metrics). */
  onSendFailed: ((kind: string) => void) | null = null;

  constructor(
    private readonly db: Db,
    private readonly appointments: AppointmentRepository,
    private readonly transport: Transporter | null,
    private readonly options: OutboxOptions,
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Whether messages are sent at all (an SMTP server is configured). */
  get enabled(): boolean {
    return this.transport !== null;
  }

  async booked(trx: Knex.Transaction, appointment: NewlyBooked, opts: { confirm: boolean }): Promise<void> {
    if (!this.enabled) return;
    // One insert for the confirmation and the reminders: a booking's transaction stays short.
    const rows = [
      ...(opts.confirm ? [this.outboxRow(appointment, 'confirmation', this.clock(), null)] : []),
      ...this.reminderRows(appointment),
    ];
    if (rows.length > 0) await trx('mail_outbox').insert(rows).onConflict('dedupe_key').ignore();
  }

  async rescheduled(trx: Knex.Transaction, row: AppointmentRow): Promise<void> {
    if (!this.enabled) return;
    await this.dropPending(trx, row.id, ['reminder', 'changed', 'confirmation']);
    await this.enqueue(trx, row, 'changed', this.clock());
    await this.enqueueReminders(trx, row);
  }

  async cancelled(trx: Knex.Transaction, row: AppointmentRow): Promise<void> {
    if (!this.enabled) return;
    await this.dropPending(trx, row.id, ['reminder', 'changed', 'confirmation']);
    await this.enqueue(trx, row, 'cancelled', this.clock());
  }

  async survey(trx: Knex.Transaction, appointmentId: string, dueAt: Date): Promise<void> {
    if (!this.enabled) return;
    await trx('mail_outbox')
      .insert({ appointment_id: appointmentId, kind: 'survey', due_at: dueAt, revision: 0, dedupe_key: `survey:${appointmentId}` })
      .onConflict('dedupe_key')
      .ignore();
  }

  async escalation(
    trx: Knex.Transaction,
    e: { ticketId: string; staffId: string; clock: 'own' | 'resolve'; dueAt: string | null },
  ): Promise<void> {
    if (!this.enabled) return;
    await trx('mail_outbox')
      .insert({
        ticket_id: e.ticketId,
        staff_id: e.staffId,
        kind: 'escalation',
        due_at: this.clock(),
        revision: 0,
        details: { clock: e.clock, dueAt: e.dueAt },
        // One message per escalation: a ticket escalates once.
        dedupe_key: `escalation:${e.ticketId}`,
      })
      .onConflict('dedupe_key')
      .ignore();
  }

  async lostLink(row: AppointmentRow): Promise<void> {
    if (!this.enabled) return;
    await this.enqueue(this.db, row, 'lost_link', this.clock());
  }

  start(): void {
    if (!this.enabled || this.#timer) return;
    this.#timer = setInterval(() => {
      this.#running = this.#running.then(() => this.runOnce().catch((err: unknown) => this.log.warn({ err }, 'runOnce() failed')));
    }, this.options.pollMs);
    this.#timer.unref();
  }

  /**
   * Stops claiming. A send in progress gets a moment to finish; one that does not is left to its
   * lease, as a node that died would leave it, and another node sends it.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await Promise.race([this.#running, new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref())]);
    this.transport?.close();
  }

  /** Claims the due messages and sends them; returns how many went out. */
  async runOnce(): Promise<number> {
    if (!this.transport || this.#stopped) return 0;
    const now = this.clock();
    const { rows } = await this.db.raw<{ rows: Claimed[] }>(
      `UPDATE mail_outbox SET status = 'sending', attempts = attempts + 1, locked_until = :lease
       WHERE id IN (
         SELECT id FROM mail_outbox
         WHERE (status = 'pending' AND due_at <= :now) OR (status = 'sending' AND locked_until < :now)
         ORDER BY due_at LIMIT 20 FOR UPDATE SKIP LOCKED)
       RETURNING id, appointment_id, ticket_id, staff_id, kind, revision, attempts, details`,
      { now, lease: new Date(now.getTime() + this.options.leaseMs) },
    );
    let sent = 0;
    for (const message of rows) {
      if (this.#stopped) break;
      if (await this.deliver(message, now)) sent += 1;
    }
    return sent;
  }

  private async deliver(message: Claimed, now: Date): Promise<boolean> {
    if (message.kind === 'escalation') return this.deliverEscalation(message, now);
    const kind = message.kind;
    const row = await this.appointments.find(message.appointment_id!);
    if (!row || (kind === 'survey' ? !(await this.surveyStillAsked(row.id)) : this.isStale(message, row, now))) {
      await this.finish(message.id, 'dropped', 'no longer relevant');
      return false;
    }
    const link = kind === 'cancelled' ? null : await this.newLink(row, kind);
    return this.attempt(message, now, row.ticket_number, {
      compose: () => {
        const mail = this.compose(kind, row, link?.token ?? null, now);
        return {
          ...mail,
          icalEvent: mail.calendar
            ? { method: mail.calendar.method, content: mail.calendar.content, filename: `cita-${row.ticket_number}.ics` }
            : undefined,
        };
      },
      // A link that went out with no message is of no use to anyone.
      failed: async () => {
        if (link) await this.db('appointment_links').where({ token_hash: link.hash }).delete();
      },
    });
  }

  /** The supervisor's warning, while the ticket is still open and they still active. */
  private async deliverEscalation(message: Claimed, now: Date): Promise<boolean> {
    const row = await this.db('tickets as t')
      .join('offices as o', 'o.id', 't.office_id')
      .leftJoin('queues as q', 'q.id', 't.queue_id')
      .join('staff_users as u', 'u.id', this.db.raw('?', [message.staff_id]))
      .where('t.id', message.ticket_id)
      .first(
        't.id',
        't.number',
        't.subject',
        't.priority',
        't.status',
        'o.time_zone',
        'q.name_ca',
        'q.name_es',
        'q.name_en',
        'u.email',
        'u.name',
        'u.active',
      );
    if (!row || !row.active || !OPEN_TICKET_STATUSES.includes(row.status)) {
      await this.finish(message.id, 'dropped', 'no longer relevant');
      return false;
    }
    const { clock, dueAt } = message.details ?? {};
    return this.attempt(message, now, row.number, {
      compose: () =>
        escalationMail({
          to: row.email,
          supervisorName: row.name,
          ticketNumber: row.number,
          subject: row.subject,
          queue: { ca: row.name_ca ?? '—', es: row.name_es ?? '—', en: row.name_en ?? '—' },
          priority: row.priority,
          clock: clock === 'resolve' ? 'resolve' : 'own',
          dueAt: dueAt ? new Date(dueAt) : null,
          timeZone: row.time_zone,
          url: new URL(`/staff/tickets/${row.id}`, this.options.publicUrl()).href,
        }),
    });
  }

  /** Sends a composed message once; a failure is retried later with backoff, up to maxAttempts. */
  private async attempt(
    message: Claimed,
    now: Date,
    ticketNumber: string,
    how: { compose: () => Outgoing; failed?: () => Promise<void> },
  ): Promise<boolean> {
    try {
      const mail = how.compose();
      await this.transport!.sendMail({
        from: this.options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        icalEvent: mail.icalEvent,
      });
      await this.finish(message.id, 'sent', null);
      this.log.info({ outboxId: message.id, kind: message.kind, ticket: ticketNumber }, 'deliver() sent');
      return true;
    } catch (err) {
      // Stopping cut this send short: the message stays claimed until its lease ends, then any node sends it.
      if (this.#stopped) return false;
      this.onSendFailed?.(message.kind);
      await how.failed?.();
      const error = (err as Error)?.message?.slice(0, 300) ?? 'unknown';
      if (message.attempts >= this.options.maxAttempts) {
        await this.finish(message.id, 'failed', error);
        this.log.error({ outboxId: message.id, kind: message.kind, error }, 'deliver() gave up');
      } else {
        await this.db('mail_outbox')
          .where({ id: message.id })
          .update({
            status: 'pending',
            locked_until: null,
            last_error: error,
            due_at: new Date(now.getTime() + backoffMs(message.attempts)),
          });
        this.log.warn({ outboxId: message.id, kind: message.kind, attempts: message.attempts, error }, 'deliver() failed, will retry');
      }
      return false;
    }
  }

  /** The survey is mailed only while its ticket stands resolved (or closed after it) and nobody has answered. */
  private async surveyStillAsked(appointmentId: string): Promise<boolean> {
    const row = await this.db('appointments as a')
      .join('tickets as t', 't.id', 'a.ticket_id')
      .join('surveys as s', 's.ticket_id', 't.id')
      .where('a.id', appointmentId)
      .first('t.status', 's.answered_at');
    return !!row && (row.status === 'resolved' || row.status === 'closed') && row.answered_at === null;
  }

  /** A reminder or a change notice written for an earlier revision, or for an appointment that closed, is not sent. */
  private isStale(message: Claimed, row: AppointmentRow, now: Date): boolean {
    if (message.kind === 'cancelled' || message.kind === 'lost_link') return false;
    if (row.revision !== message.revision || isClosed(row.status)) return true;
    return message.kind === 'reminder' && row.starts_at.getTime() <= now.getTime();
  }

  private compose(kind: MailKind, row: AppointmentRow, token: string | null, now: Date) {
    const url = token ? new URL(citizenLink(token), this.options.publicUrl()).href : null;
    const changeable = now.getTime() <= changeCutoff(row.starts_at, this.options.rules).getTime();
    const mail = appointmentMail({
      kind,
      appointment: toCitizenAppointment(row, this.options.rules),
      email: row.citizen_email,
      language: row.language,
      url,
      changeable,
    });
    // The survey is about a procedure already done: no invitation goes with it.
    if (kind === 'survey') return { ...mail, calendar: null };
    const method: 'CANCEL' | 'REQUEST' = kind === 'cancelled' ? 'CANCEL' : 'REQUEST';
    return { ...mail, calendar: { method, content: appointmentCalendar(row, { method, url, organizer: this.options.organizer }) } };
  }

  private async newLink(row: AppointmentRow, purpose: MailKind): Promise<{ token: string; hash: string }> {
    const token = newToken();
    const hash = hashToken(token);
    await this.db('appointment_links').insert({
      token_hash: hash,
      appointment_id: row.id,
      purpose,
      expires_at: new Date(row.ends_at.getTime() + this.options.linkValidDays * 86_400_000),
    });
    return { token, hash };
  }

  private outboxRow(row: NewlyBooked, kind: MailKind, dueAt: Date, dedupeKey: string | null) {
    return { appointment_id: row.id, kind, due_at: dueAt, revision: row.revision, dedupe_key: dedupeKey };
  }

  private async enqueue(runner: Knex.Transaction | Db, row: NewlyBooked, kind: MailKind, dueAt: Date): Promise<void> {
    await runner('mail_outbox').insert(this.outboxRow(row, kind, dueAt, null));
  }

  /** The reminders still ahead, each at most once per appointment and revision. */
  private reminderRows(row: NewlyBooked) {
    const now = this.clock().getTime();
    return this.options.reminderOffsetsMinutes
      .map((minutes) => ({ minutes, dueAt: new Date(row.starts_at.getTime() - minutes * 60_000) }))
      .filter(({ dueAt }) => dueAt.getTime() > now)
      .map(({ minutes, dueAt }) => this.outboxRow(row, 'reminder', dueAt, `reminder:${row.id}:${row.revision}:${minutes}`));
  }

  private async enqueueReminders(trx: Knex.Transaction, row: NewlyBooked): Promise<void> {
    const rows = this.reminderRows(row);
    if (rows.length > 0) await trx('mail_outbox').insert(rows).onConflict('dedupe_key').ignore();
  }

  private async dropPending(trx: Knex.Transaction, appointmentId: string, kinds: MailKind[]): Promise<void> {
    await trx('mail_outbox')
      .where({ appointment_id: appointmentId, status: 'pending' })
      .whereIn('kind', kinds)
      .update({ status: 'dropped' });
  }

  private async finish(id: number, status: 'sent' | 'dropped' | 'failed', error: string | null): Promise<void> {
    await this.db('mail_outbox')
      .where({ id })
      .update({ status, locked_until: null, last_error: error, sent_at: status === 'sent' ? this.clock() : null });
  }
}
