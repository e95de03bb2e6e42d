import { EventEmitter } from 'node:events';
import {
  AppError,
  availableTicketActions,
  decideTicket,
  DEFAULT_TICKET_RULES,
  isSlaPaused,
  isTicketOpen,
  OPEN_TICKET_STATUSES,
  type CitizenTicket,
  type SurveyView,
  type ClassifyRequest,
  type ParsedNewTicketRequest,
  type ParsedTicketQuery,
  type LinkRequest,
  type NoteRequest,
  type Principal,
  type Queue,
  type RerouteRequest,
  type SlaView,
  type StaffTicketAction,
  type TicketDetail,
  type TicketEvent,
  type TicketList,
  type TicketRules,
  type TicketStatus,
  type TicketSummary,
} from '@oac/shared';
import type { Knex } from 'knex';
import { actorOf, recordAudit, SYSTEM } from '../audit/audit';
import type { Db } from '../db/knex';
import { every, type Periodic } from '../periodic';
import type { MailScheduler } from '../mail/outbox';
import { assertChangeTicket, assertViewTicket, canChangeTicket, canReroute, type TicketReader, type TicketScope } from './access';
import type { TicketChange, TicketRepository, TicketRow } from './repository';
import { takeFresh, withdraw } from './steps';
import { slaClocks, type BusinessCalendar, type Pause, type SlaClock, type SlaTargets } from './sla';

/** What each action is called in the audit trail. */
const ACTION_NAMES: Record<TicketEvent['type'], string> = {
  classify: 'ticket.classified',
  take: 'ticket.taken',
  wait_citizen: 'ticket.waiting_citizen',
  wait_third_party: 'ticket.waiting_third_party',
  resume: 'ticket.resumed',
  citizen_replied: 'ticket.citizen_replied',
  resolve: 'ticket.resolved',
  reopen: 'ticket.reopened',
  close: 'ticket.closed',
  reroute: 'ticket.rerouted',
  withdraw: 'ticket.withdrawn',
};

const scopeOf = (t: TicketRow): TicketScope => ({
  queueId: t.queue_id,
  officeId: t.office_id,
  ownerId: t.owner_staff_id,
  sessionClerkIds: t.session_clerk_ids,
});

export interface TicketServiceOptions {
  rules?: TicketRules;
  clock?: () => Date;
  /** The share of resolved tickets asked for a survey, and when its e-mail is due after the resolution. */
  survey?: { sampleRate: number; delayMinutes: number; random?: () => number };
  /** Mails the survey through the ticket's last session, when it has one. */
  mail?: MailScheduler | null;
}

export interface TicketEvents {
  changed: [TicketRow];
}

/**
 * The single window's tickets: every change goes through the state machine (`decideTicket`), is
 * written under the ticket's row lock, and is recorded in the one audit trail with its from and
 * to states. SLA clocks are computed on read from the office's business calendar.
 */
export class TicketService extends EventEmitter<TicketEvents> {
  readonly #rules: TicketRules;
  readonly #clock: () => Date;
  readonly #survey: { sampleRate: number; delayMinutes: number; random: () => number };
  readonly #mail: MailScheduler | null;

  constructor(
    private readonly db: Db,
    private readonly repo: TicketRepository,
    options: TicketServiceOptions = {},
  ) {
    super();
    this.#rules = options.rules ?? DEFAULT_TICKET_RULES;
    this.#clock = options.clock ?? (() => new Date());
    this.#survey = { sampleRate: 1, delayMinutes: 60, random: Math.random, ...options.survey };
    this.#mail = options.mail ?? null;
  }

  async #reader(principal: Principal | null): Promise<TicketReader> {
    if (principal?.kind !== 'staff') throw new AppError('forbidden', 'This is for council staff only.');
    const { memberOf, supervises } = await this.repo.membership(this.db, principal.userId, this.#clock());
    return { staff: principal, memberOf: new Set(memberOf), supervises: new Set(supervises) };
  }

  async queues(principal: Principal | null): Promise<Queue[]> {
    const r = await this.#reader(principal);
    return (await this.repo.queues(this.db, r.staff.userId, this.#clock())).map((q) => ({
      id: q.id,
      code: q.code,
      name: { ca: q.name_ca, es: q.name_es, en: q.name_en },
      rank: q.rank,
      defaultPriority: q.default_priority,
      member: q.member,
    }));
  }

  async list(principal: Principal | null, query: ParsedTicketQuery): Promise<TicketList> {
    const r = await this.#reader(principal);
    const visible =
      r.staff.role === 'admin'
        ? null
        : r.staff.role === 'scheduler'
          ? { queueIds: [...r.supervises], staffId: null, officeId: null }
          : { queueIds: [...r.memberOf], staffId: r.staff.userId, officeId: r.staff.officeId };
    const statuses: readonly TicketStatus[] | undefined = query.status
      ? [query.status]
      : query.view === 'all'
        ? undefined
        : OPEN_TICKET_STATUSES;
    // An SLA risk is known only once the clocks are computed: read a wider page, then keep the risky ones.
    const { rows, total } = await this.repo.list(this.db, {
      visible,
      ownerId: query.view === 'mine' ? r.staff.userId : undefined,
      queueIds: query.queueId ? [query.queueId] : query.view === 'queues' && r.staff.role === 'clerk' ? [...r.memberOf] : undefined,
      statuses: query.sla ? (statuses ?? OPEN_TICKET_STATUSES) : statuses,
      q: query.q,
      limit: query.sla ? 1000 : query.limit,
      at: this.#clock(),
    });
    const summaries = await this.#summaries(rows);
    if (!query.sla) return { tickets: summaries, total };
    const risky = summaries.filter((t) =>
      query.sla === 'breached'
        ? t.sla.own.state === 'breached' || t.sla.resolve.state === 'breached'
        : [t.sla.own.state, t.sla.resolve.state].some((s) => s === 'at_risk' || s === 'breached'),
    );
    return { tickets: risky.slice(0, query.limit), total: risky.length };
  }

  async detail(principal: Principal | null, id: string): Promise<TicketDetail> {
    const r = await this.#reader(principal);
    const row = await this.repo.find(this.db, id);
    assertViewTicket(r, row && scopeOf(row));
    return this.#detail(r, row!);
  }

  async register(principal: Principal | null, input: ParsedNewTicketRequest): Promise<TicketDetail> {
    const r = await this.#reader(principal);
    if (r.staff.role !== 'clerk' || !r.staff.officeId) throw new AppError('forbidden', 'Only clerks register contacts.');
    const officeId = r.staff.officeId;
    const id = await this.db.transaction(async (trx) => {
      const office = (await this.repo.office(trx, officeId))!;
      const service = input.serviceId ? await this.repo.service(trx, input.serviceId) : null;
      if (input.serviceId && (!service || !service.active))
        throw new AppError('validation_error', 'That procedure is not in the catalogue.', [{ path: 'serviceId', code: 'unknown_service' }]);
      const queueId = input.queueId ?? service?.queue_id ?? (await this.repo.generalQueueId(trx));
      const queue = queueId ? await this.repo.openQueue(trx, queueId) : undefined;
      if (input.queueId && !queue)
        throw new AppError('validation_error', 'That queue does not exist.', [{ path: 'queueId', code: 'unknown_queue' }]);
      if (!input.citizenEmail && !input.citizenPhone)
        throw new AppError('validation_error', 'Give an e-mail address or a phone number to reach the citizen.', [
          { path: 'citizenEmail', code: 'contact_required' },
        ]);
      const classified = Boolean(input.serviceId);
      const ticketId = await this.repo.insert(trx, {
        officeId,
        ticketPrefix: office.ticket_prefix,
        serviceId: input.serviceId,
        queueId: queue?.id ?? null,
        priority: input.priority ?? queue?.default_priority ?? 'normal',
        channel: input.channel,
        subject: input.subject,
        citizenName: input.citizenName,
        citizenEmail: input.citizenEmail,
        citizenPhone: input.citizenPhone,
        language: input.language,
        status: classified ? 'classified' : 'registered',
      });
      const actor = actorOf(r.staff);
      await recordAudit(trx, {
        actor,
        entity: 'ticket',
        entityId: ticketId,
        action: 'ticket.registered',
        to: classified ? 'classified' : 'registered',
        details: { channel: input.channel, queueId: queue?.id ?? null, serviceId: input.serviceId },
      });
      if (input.take) await takeFresh(trx, this.repo, ticketId, { id: r.staff.userId, name: r.staff.name }, this.#clock());
      return ticketId;
    });
    const row = (await this.repo.find(this.db, id))!;
    this.emit('changed', row);
    return this.#detail(r, row);
  }

  /** A clerk's action from the state machine. */
  act(principal: Principal | null, id: string, action: StaffTicketAction): Promise<TicketDetail> {
    return this.#write(principal, id, action, async (trx, row, r, now) => {
      const to = this.#decide(row.status, { type: action });
      const change: TicketChange = { status: to };
      if (action === 'take') {
        if (row.owner_staff_id === r.staff.userId && row.status === 'in_progress') return null;
        change.owner_staff_id = r.staff.userId;
        change.owned_at = row.owned_at ?? now;
      }
      if (action === 'resolve') {
        change.resolved_at = now;
        // The sampling picks whose citizen is asked how it went; one survey per ticket, ever.
        if (this.#survey.random() < this.#survey.sampleRate) {
          const dueAt = new Date(now.getTime() + this.#survey.delayMinutes * 60_000);
          await this.repo.insertSurvey(trx, row.id, dueAt);
          const last = await this.repo.lastSession(trx, row.id);
          if (last && row.citizen_email) await this.#mail?.survey(trx, last, dueAt);
        }
      }
      if (action === 'reopen') {
        change.resolved_at = null;
        change.sla_resolve_met = null;
        change.owner_staff_id = row.owner_staff_id ?? r.staff.userId;
      }
      if (action === 'close') change.closed_at = now;
      await this.#pauseFor(trx, row.id, row.status, to, now);
      await this.repo.update(trx, row.id, change);
      return {
        action: ACTION_NAMES[action],
        from: row.status,
        to,
        details: action === 'take' ? { ownerId: r.staff.userId, fromOwnerId: row.owner_staff_id } : {},
      };
    });
  }

  classify(principal: Principal | null, id: string, input: ClassifyRequest): Promise<TicketDetail> {
    return this.#write(principal, id, undefined, async (trx, row) => {
      const to = this.#decide(row.status, { type: 'classify' });
      const service = input.serviceId ? await this.repo.service(trx, input.serviceId) : null;
      if (input.serviceId && (!service || !service.active))
        throw new AppError('validation_error', 'That procedure is not in the catalogue.', [{ path: 'serviceId', code: 'unknown_service' }]);
      if (row.service_id === input.serviceId && row.priority === input.priority && to === row.status) return null;
      await this.repo.update(trx, row.id, { status: to, service_id: input.serviceId, priority: input.priority });
      return {
        action: ACTION_NAMES.classify,
        from: row.status,
        to,
        details: { fromServiceId: row.service_id, serviceId: input.serviceId, fromPriority: row.priority, priority: input.priority },
      };
    });
  }

  reroute(principal: Principal | null, id: string, input: RerouteRequest): Promise<TicketDetail> {
    return this.#write(principal, id, undefined, async (trx, row, r, now) => {
      if (!canReroute(r, scopeOf(row)))
        throw new AppError('forbidden', 'Only the clerk in charge of the ticket may move it: take it first.', { reason: 'not_owner' });
      const to = this.#decide(row.status, { type: 'reroute' });
      const queue = await this.repo.openQueue(trx, input.queueId);
      if (!queue) throw new AppError('validation_error', 'That queue does not exist.', [{ path: 'queueId', code: 'unknown_queue' }]);
      if (queue.id === row.queue_id)
        throw new AppError('validation_error', 'The ticket is already in that queue.', [{ path: 'queueId', code: 'same_queue' }]);
      await this.#pauseFor(trx, row.id, row.status, to, now);
      await this.repo.update(trx, row.id, { status: to, queue_id: queue.id, owner_staff_id: null });
      return {
        action: ACTION_NAMES.reroute,
        from: row.status,
        to,
        details: { fromQueueId: row.queue_id, queueId: queue.id, fromOwnerId: row.owner_staff_id, reason: input.reason },
      };
    });
  }

  addNote(principal: Principal | null, id: string, input: NoteRequest): Promise<TicketDetail> {
    return this.#write(principal, id, undefined, async (trx, row, r) => {
      if (row.status === 'closed') throw new AppError('invalid_transition', 'A closed ticket takes no more notes.');
      const noteId = await this.repo.insertNote(trx, {
        ticket_id: row.id,
        author_staff_id: r.staff.userId,
        author_name: r.staff.name,
        visibility: input.visibility,
        body: input.body,
      });
      return { action: 'ticket.note_added', from: row.status, to: row.status, details: { noteId, visibility: input.visibility } };
    });
  }

  addLink(principal: Principal | null, id: string, input: LinkRequest): Promise<TicketDetail> {
    return this.#write(principal, id, undefined, async (trx, row, r) => {
      if (!isTicketOpen(row.status)) throw new AppError('invalid_transition', 'A finished ticket waits for nobody.');
      const linkId = await this.repo.insertLink(trx, {
        ticket_id: row.id,
        kind: input.kind,
        party: input.party,
        waiting_for: input.waitingFor,
        created_by_staff_id: r.staff.userId,
      });
      return { action: 'ticket.link_added', from: row.status, to: row.status, details: { linkId, kind: input.kind, party: input.party } };
    });
  }

  resolveLink(principal: Principal | null, id: string, linkId: string): Promise<TicketDetail> {
    return this.#write(principal, id, undefined, async (trx, row) => {
      if (!(await this.repo.resolveLink(trx, row.id, linkId))) throw new AppError('not_found', 'That ticket has no such open link.');
      return { action: 'ticket.link_resolved', from: row.status, to: row.status, details: { linkId } };
    });
  }

  /**
   * What an appointment's change does to its ticket, as the system: a call that starts puts the
   * ticket in the clerk's hands; a cancellation withdraws a ticket nobody has worked on and that has
   * no other session.
   */
  async onAppointment(appointmentId: string, status: string, clerk: { id: string; name: string } | null): Promise<void> {
    const ticketId = await this.repo.ticketOf(this.db, appointmentId);
    if (!ticketId) return;
    const changed = await this.db.transaction(async (trx) => {
      const now = this.#clock();
      if (status === 'in_call' && clerk) return takeFresh(trx, this.repo, ticketId, clerk, now, { appointmentId });
      if (status === 'cancelled' && !(await this.repo.hasActiveSession(trx, ticketId)))
        return withdraw(trx, this.repo, ticketId, SYSTEM, now, { appointmentId });
      return false;
    });
    if (changed) this.emit('changed', (await this.repo.find(this.db, ticketId))!);
  }

  /**
   * Escalates to their queue's supervisor the open tickets whose clock is about to breach (or has):
   * each once, recorded in the audit trail with the clock that warned. The conditional update makes
   * it safe on several nodes at once: one of them escalates a ticket, the others skip it.
   */
  async escalateDue(): Promise<number> {
    const now = this.#clock();
    const { rows } = await this.repo.list(this.db, { visible: null, statuses: OPEN_TICKET_STATUSES, unescalated: true, limit: 1000 });
    const summaries = await this.#summaries(rows);
    let escalated = 0;
    for (const [i, s] of summaries.entries()) {
      const clock = (['own', 'resolve'] as const).find((c) => {
        const state = s.sla[c].state;
        // Owning is over once someone has taken it.
        if (c === 'own' && rows[i]!.owned_at) return false;
        return state === 'at_risk' || state === 'breached';
      });
      if (!clock) continue;
      const row = rows[i]!;
      const done = await this.db.transaction(async (trx) => {
        if (!(await this.repo.markEscalated(trx, row.id, now))) return false;
        const supervisor = row.queue_id ? ((await this.repo.queue(trx, row.queue_id))?.supervisor_staff_id ?? null) : null;
        await recordAudit(trx, {
          actor: { kind: 'system', name: 'system' },
          entity: 'ticket',
          entityId: row.id,
          action: 'ticket.escalated',
          from: row.status,
          to: row.status,
          details: { clock, state: s.sla[clock].state, dueAt: s.sla[clock].dueAt, supervisorId: supervisor },
        });
        // The supervisor hears of it by e-mail too, through the durable outbox.
        if (supervisor) await this.#mail?.escalation(trx, { ticketId: row.id, staffId: supervisor, clock, dueAt: s.sla[clock].dueAt });
        return true;
      });
      if (done) {
        escalated++;
        this.emit('changed', (await this.repo.find(this.db, row.id))!);
      }
    }
    return escalated;
  }

  /**
   * Settles into each ticket that came in within the span the verdict of each SLA clock that can
   * no longer change: met (stopped in time) or breached. The quality indicators count these.
   */
  async settleSla(span: { from: Date; to: Date }): Promise<number> {
    let settled = 0;
    let after: string | null = null;
    for (;;) {
      const rows = await this.repo.unsettled(this.db, span, after, SETTLE_PAGE);
      if (rows.length === 0) return settled;
      const summaries = await this.#summaries(rows);
      for (const [i, s] of summaries.entries()) {
        const row = rows[i]!;
        const own = row.sla_own_met === null ? verdict(s.sla.own.state) : null;
        const resolve = row.sla_resolve_met === null ? verdict(s.sla.resolve.state) : null;
        if (own === null && resolve === null) continue;
        await this.repo.settleSla(this.db, row.id, own, resolve);
        settled++;
      }
      after = rows[rows.length - 1]!.id;
    }
  }

  /** Runs `escalateDue` (and settles the SLA verdicts) every `everyMs`, one round at a time. */
  keepEscalating(everyMs: number, log: { warn(o: object, msg: string): void }): Periodic {
    return every(
      everyMs,
      'escalateDue',
      async () => {
        await this.escalateDue();
        // The verdicts of the last weeks' clocks, so that the quality indicators find them settled.
        const now = this.#clock();
        await this.settleSla({ from: new Date(now.getTime() - SETTLE_LOOKBACK_MS), to: new Date(now.getTime() + 1) });
      },
      log,
    );
  }

  /**
   * The citizen answers from their private page: a note from them, and the ticket moves as the
   * state machine says (a waiting ticket resumes; a resolved one reopens within the period).
   */
  async citizenReply(appointmentId: string, citizenName: string, body: string): Promise<void> {
    const ticketId = await this.repo.ticketOf(this.db, appointmentId);
    if (!ticketId) throw new AppError('ticket_not_found', 'That ticket does not exist.');
    const row = await this.db.transaction(async (trx) => {
      const t = (await this.repo.find(trx, ticketId, true))!;
      const now = this.#clock();
      const to = this.#decide(t.status, { type: 'citizen_replied', resolvedAt: t.resolved_at, now });
      await this.repo.insertCitizenNote(trx, { ticket_id: t.id, author_name: citizenName, body });
      const change: TicketChange = { status: to };
      if (t.status === 'resolved' && to === 'in_progress') Object.assign(change, { resolved_at: null, sla_resolve_met: null });
      // A reopened ticket without an owner any more goes back to its queue untaken.
      if (to === 'in_progress' && !t.owner_staff_id) change.status = 'classified';
      await this.#pauseFor(trx, t.id, t.status, change.status!, now);
      await this.repo.update(trx, t.id, change);
      await recordAudit(trx, {
        actor: { kind: 'citizen', name: citizenName },
        entity: 'ticket',
        entityId: t.id,
        action: ACTION_NAMES.citizen_replied,
        from: t.status,
        to: change.status!,
      });
      return t.id;
    });
    this.emit('changed', (await this.repo.find(this.db, row))!);
  }

  /** What the citizen sees of the ticket of their appointment. */
  async forCitizen(appointmentId: string): Promise<CitizenTicket | null> {
    const ticketId = await this.repo.ticketOf(this.db, appointmentId);
    const row = ticketId ? await this.repo.find(this.db, ticketId) : undefined;
    if (!row) return null;
    const [notes, survey] = await Promise.all([this.repo.notes(this.db, row.id, 'citizen'), this.#surveyView(row)]);
    return {
      number: row.number,
      status: row.status,
      notes: notes.map((n) => ({ body: n.body, createdAt: n.created_at.toISOString(), fromCitizen: n.from_citizen })),
      // Asked only while the ticket stands resolved (or closed after it): a reopened one is not done.
      survey: survey && (survey.state === 'answered' || row.status === 'resolved' || row.status === 'closed') ? survey : null,
    };
  }

  /**
   * The citizen's answer to their survey. Each refusal has its own code: an answer naming another
   * ticket, no survey to answer, a second answer, a rating outside 1–5.
   */
  async answerSurvey(
    appointmentId: string,
    citizenName: string,
    answer: { ticketNumber: string; rating: number; solved: boolean; comment: string | null },
  ): Promise<void> {
    const ticketId = await this.repo.ticketOf(this.db, appointmentId);
    const row = ticketId ? await this.repo.find(this.db, ticketId) : undefined;
    if (!row || row.number !== answer.ticketNumber) throw new AppError('survey_not_yours', 'That survey is not for your procedure.');
    if (!Number.isInteger(answer.rating) || answer.rating < 1 || answer.rating > 5)
      throw new AppError('survey_rating_out_of_range', 'Give a rating from 1 to 5.');
    await this.db.transaction(async (trx) => {
      const survey = await this.repo.survey(trx, row.id);
      if (!survey || (row.status !== 'resolved' && row.status !== 'closed' && !survey.answered_at))
        throw new AppError('survey_not_found', 'There is no survey to answer for this procedure.');
      const comment = answer.comment?.trim() ? answer.comment.trim() : null;
      if (!(await this.repo.answerSurvey(trx, row.id, { rating: answer.rating, solved: answer.solved, comment }, this.#clock())))
        throw new AppError('survey_already_answered', 'This survey has already been answered. Thank you.');
      await recordAudit(trx, {
        actor: { kind: 'citizen', name: citizenName },
        entity: 'ticket',
        entityId: row.id,
        action: 'ticket.survey_answered',
        from: row.status,
        to: row.status,
        details: { rating: answer.rating, solved: answer.solved },
      });
    });
  }

  async #surveyView(row: TicketRow): Promise<SurveyView | null> {
    const s = await this.repo.survey(this.db, row.id);
    if (!s) return null;
    return {
      state: s.answered_at ? 'answered' : 'open',
      rating: s.rating,
      solved: s.solved,
      comment: s.comment,
      answeredAt: s.answered_at?.toISOString() ?? null,
    };
  }

  #decide(from: TicketStatus, event: TicketEvent): TicketStatus {
    const d = decideTicket(from, event, this.#rules);
    if (d.ok) return d.to;
    if (d.code === 'reopen_period_passed')
      throw new AppError('reopen_period_passed', 'The period to reopen this ticket is over.', { until: d.until.toISOString() });
    throw new AppError('invalid_transition', `A ticket that is ${from.replace(/_/g, ' ')} cannot do that.`);
  }

  /** The resolution clock pauses while the office waits for the citizen, and runs again after. */
  async #pauseFor(trx: Knex.Transaction, id: string, from: TicketStatus, to: TicketStatus, now: Date): Promise<void> {
    if (isSlaPaused(to) && !isSlaPaused(from)) await this.repo.openPause(trx, id, now);
    if (isSlaPaused(from) && !isSlaPaused(to)) await this.repo.closePause(trx, id, now);
  }

  /**
   * One change of one ticket: access, the row locked, the write, its audit entry, and the new
   * detail. `write` answers null when nothing changes (nothing is audited then).
   */
  async #write(
    principal: Principal | null,
    id: string,
    action: StaffTicketAction | undefined,
    write: (
      trx: Knex.Transaction,
      row: TicketRow,
      r: TicketReader,
      now: Date,
    ) => Promise<{ action: string; from: string; to: string; details: Record<string, unknown> } | null>,
  ): Promise<TicketDetail> {
    const r = await this.#reader(principal);
    const changed = await this.db.transaction(async (trx) => {
      const row = await this.repo.find(trx, id, true);
      assertViewTicket(r, row && scopeOf(row));
      assertChangeTicket(r, scopeOf(row!), action);
      const audit = await write(trx, row!, r, this.#clock());
      if (!audit) return false;
      await recordAudit(trx, { actor: actorOf(r.staff), entity: 'ticket', entityId: row!.id, ...audit });
      return true;
    });
    const row = (await this.repo.find(this.db, id))!;
    if (changed) this.emit('changed', row);
    return this.#detail(r, row);
  }

  async #detail(r: TicketReader, row: TicketRow): Promise<TicketDetail> {
    const [summary] = await this.#summaries([row]);
    const [notes, links, sessions, survey] = await Promise.all([
      this.repo.notes(this.db, row.id),
      this.repo.links(this.db, row.id),
      this.repo.sessions(this.db, row.id),
      this.#surveyView(row),
    ]);
    const ids = sessions.map((s) => s.id);
    const [audit, chat] = await Promise.all([this.repo.timeline(this.db, row.id, ids), this.repo.sessionChat(this.db, ids)]);
    // The sessions' chat among the other events, in the order things happened (a stable sort).
    const timeline = [...audit, ...chat].sort((a, b) => a.at.getTime() - b.at.getTime());
    const canChange = canChangeTicket(r, scopeOf(row));
    return {
      ...summary!,
      citizenPhone: row.citizen_phone,
      language: row.language,
      notes: notes.map((n) => ({
        id: n.id,
        visibility: n.visibility,
        body: n.body,
        author: n.author_name,
        fromCitizen: n.from_citizen,
        createdAt: n.created_at.toISOString(),
      })),
      links: links.map((l) => ({
        id: l.id,
        kind: l.kind,
        party: l.party,
        waitingFor: l.waiting_for,
        createdAt: l.created_at.toISOString(),
        resolvedAt: l.resolved_at?.toISOString() ?? null,
      })),
      sessions: sessions.map((s) => ({
        appointmentId: s.id,
        channel: s.channel,
        status: s.status,
        startsAt: s.starts_at.toISOString(),
        clerkName: s.clerk_name,
      })),
      timeline: timeline.map((e) => ({
        at: e.at.toISOString(),
        action: e.action,
        actor: e.actor_name,
        from: e.from_state,
        to: e.to_state,
        details: e.details,
      })),
      actions: canChange ? this.#actions(r, row) : [],
      canChange,
      survey,
    };
  }

  /** What this person can do now: the state machine's actions that their role allows, and taking over a colleague's ticket. */
  #actions(r: TicketReader, row: TicketRow): StaffTicketAction[] {
    const scope = scopeOf(row);
    const actions = availableTicketActions(row.status).filter((a) => canChangeTicket(r, scope, a));
    if (row.status === 'in_progress' && row.owner_staff_id !== r.staff.userId) actions.unshift('take');
    return actions;
  }

  async #summaries(rows: TicketRow[]): Promise<TicketSummary[]> {
    if (!rows.length) return [];
    const [policies, calendars, pauses] = await Promise.all([
      this.repo.policies(this.db),
      this.repo.calendars(
        this.db,
        rows.map((t) => t.office_id),
      ),
      this.repo.pauses(
        this.db,
        rows.map((t) => t.id),
      ),
    ]);
    const now = this.#clock();
    return rows.map((t) => ({
      id: t.id,
      number: t.number,
      status: t.status,
      channel: t.channel as TicketSummary['channel'],
      priority: t.priority,
      queue: t.queue_id
        ? { id: t.queue_id, code: t.queue_code!, name: { ca: t.queue_name_ca!, es: t.queue_name_es!, en: t.queue_name_en! } }
        : null,
      service: t.service_id
        ? { id: t.service_id, code: t.service_code!, name: { ca: t.service_name_ca!, es: t.service_name_es!, en: t.service_name_en! } }
        : null,
      office: { id: t.office_id, name: { ca: t.office_name_ca, es: t.office_name_es, en: t.office_name_en } },
      subject: t.subject,
      citizenName: t.citizen_name,
      citizenEmail: t.citizen_email,
      owner: t.owner_staff_id ? { id: t.owner_staff_id, name: t.owner_name! } : null,
      createdAt: t.created_at.toISOString(),
      updatedAt: t.updated_at.toISOString(),
      sla: slaView(t, targetsFor(policies, t), calendars.get(t.office_id)!, pauses.get(t.id) ?? [], now),
    }));
  }
}

/** How far back the periodic round settles SLA verdicts; a report settles its own period besides. */
const SETTLE_LOOKBACK_MS = 35 * 86_400_000;
const SETTLE_PAGE = 500;

/** A clock's final verdict, or null while it can still go either way. */
function verdict(state: SlaView['own']['state']): boolean | null {
  return state === 'met' ? true : state === 'breached' ? false : null;
}

function targetsFor(policies: (SlaTargets & { queueId: string | null; priority: string })[], t: TicketRow): SlaTargets {
  return (
    policies.find((p) => p.queueId === t.queue_id && p.priority === t.priority) ??
    policies.find((p) => p.queueId === null && p.priority === t.priority) ?? { ownMinutes: 60, resolveMinutes: 1440, warnBeforeMinutes: 15 }
  );
}

/**
 * The ticket's two clocks. An appointment's ticket is owed attention from its first session's
 * start (it was booked for then), any other from when it came in; a closed ticket's stopped clock
 * counts as stopped when it closed.
 */
export function slaView(t: TicketRow, targets: SlaTargets, cal: BusinessCalendar, pauses: Pause[], now: Date): SlaView {
  const start = t.channel === 'appointment' && t.first_session_at ? t.first_session_at : t.created_at;
  const end = t.resolved_at ?? t.closed_at;
  const clocks = slaClocks(
    { createdAt: start, ownedAt: t.owned_at ?? (t.status === 'closed' ? t.closed_at : null), resolvedAt: end, pauses, now },
    targets,
    cal,
  );
  const view = (c: SlaClock) => ({
    dueAt: c.dueAt?.toISOString() ?? null,
    state: c.state,
    remainingMinutes: c.remainingMs === null ? null : Math.round(c.remainingMs / 60_000),
  });
  return { own: view(clocks.own), resolve: view(clocks.resolve), escalatedAt: t.escalated_at?.toISOString() ?? null };
}
