import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  AppError,
  type CallbackRequest,
  type LiveDesk,
  type LiveOffer,
  type LiveRequest,
  type LiveRequestResponse,
  type LiveStatus,
  type PresenceStatus,
  type Principal,
} from '@oac/shared';
import type { Knex } from 'knex';
import type { AppointmentRepository } from '../appointments/repository';
import type { MailScheduler } from '../mail/outbox';
import { actorOf, recordAudit, SYSTEM, type Actor } from '../audit/audit';
import { hashToken, looksLikeToken, newToken } from '../auth/tokens';
import type { Db } from '../db/knex';
import { every, type Periodic } from '../periodic';
import { violatedConstraint } from '../db/errors';
import { estimateWait, roundRange } from '../queue/estimate';
import type { Quota, RateLimiter } from '../rate-limits/rate-limiter';
import type { TicketRepository } from '../tickets/repository';
import { takeFresh, withdraw } from '../tickets/steps';
import type { EntryRow, LiveRepository } from './repository';

export interface LiveOptions {
  /** A closed waiting page keeps its place this long. */
  graceSeconds: number;
  /** How long a clerk has to accept an offer. */
  offerSeconds: number;
  /** Above this estimate (in minutes), the citizen is offered a callback. */
  callbackAboveMinutes: number;
  quotas: { address: Quota; email: Quota };
  clock?: () => Date;
}

export interface LiveEvents {
  /** The line of a queue moved: positions and estimates of its waiting citizens may have changed. */
  queueChanged: [queueId: string];
  /** A clerk's desk changed: an offer was made, expired or answered. */
  deskChanged: [staffId: string];
  /** An entry left the line (served, gone, called back): its page is told apart from the queue's. */
  entryChanged: [entryId: string];
  /**
   * A citizen was offered to a clerk, `seconds` after both were there (the later of the citizen's
   * arrival and the clerk's becoming available): the offer latency of the metrics (issue 17).
   */
  offered: [queueCode: string, seconds: number];
}

type Staff = Extract<Principal, { kind: 'staff' }>;
type WaitRange = NonNullable<LiveStatus['wait']>;

/** How long this node reuses a queue's wait ranges (see #estimate). */
const ESTIMATE_TTL_MS = 5_000;

function clerkOf(principal: Principal | null): Staff {
  if (principal?.kind !== 'staff') throw new AppError('unauthenticated', 'Please log in.');
  if (principal.role !== 'clerk') throw new AppError('forbidden', 'Only clerks attend citizens.');
  return principal;
}

/**
 * "Attend me now": the line, its offers and its callbacks. Nothing of it lives in this process's
 * memory; every step is a transaction on the rows, and `tick` (run by every node) expires offers,
 * lets lapsed pages go, finishes served entries and offers free clerks the next citizen.
 */
export class LiveService extends EventEmitter<LiveEvents> {
  readonly #clock: () => Date;
  readonly #estimates = new Map<string, { at: number; agents: number; free: number; byAhead: Map<number, WaitRange> }>();

  constructor(
    private readonly db: Db,
    private readonly repo: LiveRepository,
    private readonly tickets: TicketRepository,
    private readonly appointments: AppointmentRepository,
    private readonly limiter: RateLimiter,
    private readonly options: LiveOptions,
    /** Mails a video-link callback's call to the citizen, who is no longer on the waiting page. */
    private readonly mail: MailScheduler | null = null,
  ) {
    super();
    this.#clock = options.clock ?? (() => new Date());
  }

  async request(input: LiveRequest, ctx: { address: string }): Promise<LiveRequestResponse> {
    const token = newToken();
    const entryId = await this.db.transaction(async (trx) => {
      const [byAddress, byEmail] = await this.limiter.hitAll(
        [
          [this.options.quotas.address, ctx.address],
          [this.options.quotas.email, input.email],
        ],
        trx,
      );
      const refused = [byAddress!, byEmail!].find((h) => !h.allowed);
      if (refused)
        throw new AppError('booking_rate_limited', 'Too many requests in a short time. Please try again later.', {
          retryAfterSeconds: refused.retryAfterSeconds,
        });
      const service = await this.tickets.service(trx, input.serviceId);
      if (!service || !service.active)
        throw new AppError('validation_error', 'That procedure does not exist.', [{ path: 'serviceId', code: 'not_found' }]);
      const office = await this.repo.officeFor(trx, input.serviceId);
      const queueId = service.queue_id ?? (await this.tickets.generalQueueId(trx));
      const queue = queueId ? await this.tickets.openQueue(trx, queueId) : undefined;
      if (!office || !queue) throw new AppError('service_not_offered', 'No office attends that procedure now.');
      // Chat help is a contact by chat, in the same queue, with the same priority and place as a call.
      const channel = input.mode === 'chat' ? 'chat' : 'on_demand';
      const ticketId = await this.tickets.insert(trx, {
        officeId: office.id,
        ticketPrefix: office.ticket_prefix,
        serviceId: input.serviceId,
        queueId: queue.id,
        priority: queue.default_priority,
        channel,
        subject: '',
        citizenName: input.name,
        citizenEmail: input.email.toLowerCase(),
        citizenPhone: null,
        language: input.language,
        status: 'classified',
      });
      const id = await this.repo.insert(trx, {
        ticket_id: ticketId,
        queue_id: queue.id,
        service_id: input.serviceId,
        priority: queue.default_priority,
        mode: input.mode,
        token_hash: hashToken(token),
      });
      const actor: Actor = { kind: 'citizen', name: input.name };
      await recordAudit(
        trx,
        { actor, entity: 'ticket', entityId: ticketId, action: 'ticket.registered', to: 'classified', details: { channel } },
        {
          actor,
          entity: 'queue_entry',
          entityId: id,
          action: 'live.joined',
          to: 'waiting',
          details: { ticketId, queueId: queue.id, mode: input.mode },
        },
      );
      return id;
    });
    const entry = (await this.repo.find(this.db, entryId))!;
    this.emit('queueChanged', entry.queue_id);
    await this.dispatch();
    return { token, status: await this.#status((await this.repo.find(this.db, entryId))!) };
  }

  /** The waiting page asks: its place is kept while it keeps asking. */
  async status(token: string): Promise<LiveStatus> {
    const entry = await this.#byToken(token);
    await this.repo.touch(this.db, entry.id, this.#clock());
    return this.#status(entry);
  }

  async leave(token: string): Promise<LiveStatus> {
    const entry = await this.#byToken(token);
    if (entry.status !== 'waiting' && entry.status !== 'offered')
      throw new AppError('invalid_transition', 'You are no longer waiting in line.');
    await this.#drop(entry.id, { kind: 'citizen', name: entry.citizen_name }, 'live.left');
    return this.#status((await this.repo.find(this.db, entry.id))!);
  }

  /** A callback in a time window: the entry keeps its place and waits without a page. */
  async callback(token: string, req: CallbackRequest): Promise<LiveStatus> {
    const entry = await this.#byToken(token);
    if (entry.status !== 'waiting') throw new AppError('invalid_transition', 'A callback can be asked for only while waiting.');
    const now = this.#clock();
    const from = new Date(req.from);
    const to = new Date(req.to);
    if (to.getTime() <= now.getTime() || from.getTime() > now.getTime() + 7 * 86_400_000)
      throw new AppError('validation_error', 'Choose a window from now to the next seven days.', [{ path: 'from', code: 'out_of_range' }]);
    await this.db.transaction(async (trx) => {
      await this.repo.update(trx, entry.id, {
        callback_channel: req.channel,
        callback_phone: req.channel === 'phone' ? req.phone : null,
        callback_from: from,
        callback_to: to,
      });
      await recordAudit(trx, {
        actor: { kind: 'citizen', name: entry.citizen_name },
        entity: 'queue_entry',
        entityId: entry.id,
        action: 'live.callback_requested',
        from: 'waiting',
        to: 'waiting',
        details: { channel: req.channel, from: req.from, to: req.to },
      });
    });
    this.emit('queueChanged', entry.queue_id);
    return this.#status((await this.repo.find(this.db, entry.id))!);
  }

  async desk(principal: Principal | null): Promise<LiveDesk> {
    return this.deskOf(clerkOf(principal).userId);
  }

  /** A clerk's desk, for their page or for a push to it. */
  async deskOf(staffId: string): Promise<LiveDesk> {
    const [presence, inCall, offer, phoneCall, queues] = await Promise.all([
      this.repo.presence(this.db, staffId),
      this.repo.inCall(this.db, staffId),
      this.repo.offerFor(this.db, staffId),
      this.repo.phoneCallOf(this.db, staffId),
      this.repo.queueCounts(this.db, staffId, this.#clock()),
    ]);
    const now = this.#clock();
    return {
      presence,
      inCall,
      offer: offer ? offerView(offer, now) : null,
      phoneCall: phoneCall ? offerView(phoneCall, now) : null,
      queues: queues.map((q) => ({
        id: q.id,
        code: q.code,
        name: { ca: q.name_ca, es: q.name_es, en: q.name_en },
        waiting: q.waiting,
        callbacks: q.callbacks,
      })),
    };
  }

  async setPresence(principal: Principal | null, status: PresenceStatus): Promise<LiveDesk> {
    const staff = clerkOf(principal);
    await this.repo.setPresence(this.db, staff.userId, status, this.#clock());
    if (status === 'available') await this.dispatch();
    else await this.#returnOffer(staff.userId, actorOf(staff), 'live.offer_returned');
    return this.desk(staff);
  }

  /**
   * The clerk takes the citizen offered. A video call becomes an on-demand appointment from now,
   * with the waiting page's own token, so the page goes straight into the call (chat help: into
   * a call in chat mode); a phone callback is the clerk's to make. The ticket is theirs from here.
   */
  async accept(principal: Principal | null, entryId: string): Promise<{ appointmentId: string | null; ticketId: string }> {
    const staff = clerkOf(principal);
    const now = this.#clock();
    let queueId = '';
    try {
      const out = await this.db.transaction(async (trx) => {
        const entry = await this.#offeredTo(trx, entryId, staff.userId, now);
        queueId = entry.queue_id;
        const actor = actorOf(staff);
        let appointmentId: string | null = null;
        if (entry.callback_channel !== 'phone') {
          appointmentId = randomUUID();
          await this.appointments.insertOnDemand(trx, {
            id: appointmentId,
            officeId: staff.officeId ?? entry.office_id,
            serviceId: entry.service_id,
            clerkId: staff.userId,
            ticketId: entry.ticket_id,
            citizenName: entry.citizen_name,
            citizenEmail: entry.citizen_email ?? '',
            language: entry.language,
            tokenHash: entry.token_hash,
            startsAt: now,
            endsAt: new Date(now.getTime() + entry.duration_minutes * 60_000),
            callMode: entry.mode,
          });
          // A callback's citizen is away from the page: the call's link goes by e-mail, in the same transaction.
          if (entry.callback_channel === 'video_link')
            await this.mail?.booked(trx, { id: appointmentId, revision: 0, starts_at: now }, { confirm: true });
        }
        await this.repo.update(trx, entry.id, {
          status: 'serving',
          offered_to: null,
          offered_at: null,
          offer_expires_at: null,
          served_by: staff.userId,
          served_at: now,
          appointment_id: appointmentId,
        });
        await takeFresh(trx, this.tickets, entry.ticket_id, { id: staff.userId, name: staff.name }, now, { entryId: entry.id });
        await recordAudit(trx, {
          actor,
          entity: 'queue_entry',
          entityId: entry.id,
          action: 'live.accepted',
          from: 'offered',
          to: 'serving',
          details: { appointmentId, waitedSeconds: Math.round((now.getTime() - entry.created_at.getTime()) / 1000) },
        });
        return { appointmentId, ticketId: entry.ticket_id };
      });
      this.emit('queueChanged', queueId);
      this.emit('entryChanged', entryId);
      this.emit('deskChanged', staff.userId);
      return out;
    } catch (err) {
      if (violatedConstraint(err) === 'appointments_clerk_no_overlap') {
        // The clerk has another appointment now: the citizen goes back to the line for someone else.
        await this.#returnOffer(staff.userId, SYSTEM, 'live.offer_returned');
        await this.repo.setPresence(this.db, staff.userId, 'away', now);
        await this.dispatch();
        throw new AppError('clerk_busy', 'You have another appointment now; the citizen goes to the next clerk.');
      }
      throw err;
    }
  }

  /** The clerk declines: the citizen keeps their place, and the clerk is away until they say otherwise. */
  async decline(principal: Principal | null, entryId: string): Promise<LiveDesk> {
    const staff = clerkOf(principal);
    const now = this.#clock();
    await this.db.transaction(async (trx) => {
      const entry = await this.#offeredTo(trx, entryId, staff.userId, now);
      await this.#backToLine(trx, entry, actorOf(staff), 'live.offer_declined');
      await this.repo.setPresence(trx, staff.userId, 'away', now);
    });
    await this.dispatch();
    return this.desk(staff);
  }

  /** A phone callback made: its outcome recorded, the entry done. */
  async callbackDone(principal: Principal | null, entryId: string, outcome: 'reached' | 'not_reached'): Promise<LiveDesk> {
    const staff = clerkOf(principal);
    await this.db.transaction(async (trx) => {
      const entry = await this.repo.find(trx, entryId, true);
      if (!entry || entry.served_by !== staff.userId) throw new AppError('not_found', 'You are not making that callback.');
      if (entry.status !== 'serving' || entry.callback_channel !== 'phone')
        throw new AppError('invalid_transition', 'That is not a phone callback in progress.');
      await this.repo.update(trx, entry.id, { status: 'done', callback_outcome: outcome });
      await recordAudit(trx, {
        actor: actorOf(staff),
        entity: 'queue_entry',
        entityId: entry.id,
        action: 'live.callback_done',
        from: 'serving',
        to: 'done',
        details: { outcome, ticketId: entry.ticket_id },
      });
    });
    this.emit('entryChanged', entryId);
    await this.dispatch();
    return this.desk(staff);
  }

  /** The token's entry and queue, for a waiting page's socket. */
  async entryOf(token: string): Promise<{ id: string; queueId: string }> {
    const entry = await this.#byToken(token);
    return { id: entry.id, queueId: entry.queue_id };
  }

  /** The status of the entry, as its page would read it (without keeping the place). */
  async statusOf(id: string): Promise<LiveStatus | null> {
    const entry = await this.repo.find(this.db, id);
    return entry ? this.#status(entry) : null;
  }

  /**
   * The status of every citizen waiting in a queue, in one read of the line and one of its load:
   * what is pushed to their pages when the line moves. One estimate per place in line.
   */
  async snapshot(queueId: string): Promise<Map<string, LiveStatus>> {
    const entries = await this.repo.openEntries(this.db, queueId);
    const out = new Map<string, LiveStatus>();
    if (!entries.length) return out;
    const load = await this.repo.load(this.db, queueId, this.#clock());
    for (const entry of entries) out.set(entry.id, this.#view(entry, entry.ahead, load));
    return out;
  }

  /** The pages connected to this node keep their places. */
  async keepSeen(ids: string[]): Promise<void> {
    await this.repo.touchMany(this.db, ids, this.#clock());
  }

  /** Offers each ready clerk the next citizen of their queues, until nobody is ready or nobody waits. */
  async dispatch(): Promise<number> {
    let offered = 0;
    for (const clerk of await this.repo.readyClerks(this.db)) if (await this.#offerTo(clerk)) offered++;
    return offered;
  }

  /** Claims the next citizen for one clerk, if they are ready and someone waits. */
  async #offerTo(clerk: string): Promise<boolean> {
    const now = this.#clock();
    const claimed = await this.db
      .transaction((trx) => this.repo.claimNext(trx, clerk, now, this.options.offerSeconds))
      .catch((err: unknown) => {
        // Another node offered this clerk someone at the same moment: theirs stands.
        if (violatedConstraint(err) === 'queue_entries_one_offer') return null;
        throw err;
      });
    if (!claimed) return false;
    this.emit('deskChanged', clerk);
    this.emit('offered', claimed.queueCode, Math.max(0, now.getTime() - claimed.bothSince.getTime()) / 1000);
    const entry = await this.repo.find(this.db, claimed.id);
    if (entry) {
      this.emit('queueChanged', entry.queue_id);
      this.emit('entryChanged', claimed.id);
    }
    return true;
  }

  /**
   * A clerk's appointment ended: their citizen from the line, if it was one, is served, and the
   * clerk is offered the next one at once, without waiting for the round of upkeep.
   */
  async callEnded(appointmentId: string, clerkId: string | null): Promise<void> {
    const entryId = await this.repo.servingFor(this.db, appointmentId);
    if (entryId) {
      const done = await this.db.transaction(async (trx) => {
        const entry = await this.repo.find(trx, entryId, true);
        if (entry?.status !== 'serving') return false;
        await this.repo.update(trx, entryId, { status: 'done' });
        await recordAudit(trx, {
          actor: SYSTEM,
          entity: 'queue_entry',
          entityId: entryId,
          action: 'live.served',
          from: 'serving',
          to: 'done',
        });
        return true;
      });
      if (done) this.emit('entryChanged', entryId);
    }
    if (clerkId) await this.#offerTo(clerkId);
  }

  /** One round of the line's upkeep, safe to run on every node at once. */
  async tick(): Promise<void> {
    const now = this.#clock();
    for (const gone of await this.repo.expireOffers(this.db, now)) {
      await this.repo.setPresence(this.db, gone.offered_to, 'away', now);
      await recordAudit(this.db, {
        actor: SYSTEM,
        entity: 'queue_entry',
        entityId: gone.id,
        action: 'live.offer_expired',
        from: 'offered',
        to: 'waiting',
        details: { clerkId: gone.offered_to },
      });
      this.emit('deskChanged', gone.offered_to);
    }
    for (const id of await this.repo.lapsed(this.db, now, this.options.graceSeconds)) await this.#drop(id, SYSTEM, 'live.lapsed');
    for (const id of await this.repo.finishedServing(this.db)) {
      await this.db.transaction(async (trx) => {
        const entry = await this.repo.find(trx, id, true);
        if (entry?.status !== 'serving') return;
        await this.repo.update(trx, id, { status: 'done' });
        await recordAudit(trx, { actor: SYSTEM, entity: 'queue_entry', entityId: id, action: 'live.served', from: 'serving', to: 'done' });
      });
      this.emit('entryChanged', id);
    }
    await this.dispatch();
  }

  keepTicking(everyMs: number, log: { warn(o: object, msg: string): void }): Periodic {
    return every(everyMs, 'tick', () => this.tick(), log);
  }

  async #byToken(token: string): Promise<EntryRow> {
    const entry = looksLikeToken(token) ? await this.repo.byToken(this.db, hashToken(token)) : undefined;
    if (!entry) throw new AppError('invalid_token', 'This link is not valid.');
    return entry;
  }

  async #offeredTo(trx: Knex.Transaction, entryId: string, staffId: string, now: Date): Promise<EntryRow> {
    const entry = await this.repo.find(trx, entryId, true);
    if (!entry || (entry.offered_to !== staffId && entry.served_by !== staffId))
      throw new AppError('not_found', 'That citizen is not offered to you.');
    if (entry.status !== 'offered' || entry.offer_expires_at!.getTime() <= now.getTime())
      throw new AppError('offer_expired', 'That offer is over: the citizen went to the line again.');
    return entry;
  }

  async #backToLine(trx: Knex.Transaction, entry: EntryRow, actor: Actor, action: string): Promise<void> {
    await this.repo.update(trx, entry.id, { status: 'waiting', offered_to: null, offered_at: null, offer_expires_at: null });
    await recordAudit(trx, {
      actor,
      entity: 'queue_entry',
      entityId: entry.id,
      action,
      from: 'offered',
      to: 'waiting',
      details: { clerkId: entry.offered_to },
    });
  }

  async #returnOffer(staffId: string, actor: Actor, action: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      const offer = await this.repo.offerFor(trx, staffId);
      if (!offer) return;
      const locked = await this.repo.find(trx, offer.id, true);
      if (locked?.status === 'offered' && locked.offered_to === staffId) await this.#backToLine(trx, locked, actor, action);
    });
    this.emit('deskChanged', staffId);
  }

  /** The citizen is gone: their entry left, their ticket withdrawn (nobody worked on it). */
  async #drop(id: string, actor: Actor, action: string): Promise<void> {
    const dropped = await this.db.transaction(async (trx) => {
      const entry = await this.repo.find(trx, id, true);
      if (!entry || (entry.status !== 'waiting' && entry.status !== 'offered')) return null;
      await this.repo.update(trx, id, {
        status: 'left',
        left_at: this.#clock(),
        offered_to: null,
        offered_at: null,
        offer_expires_at: null,
      });
      await withdraw(trx, this.tickets, entry.ticket_id, actor, this.#clock(), { entryId: id });
      await recordAudit(trx, { actor, entity: 'queue_entry', entityId: id, action, from: entry.status, to: 'left' });
      return entry;
    });
    if (!dropped) return;
    this.emit('queueChanged', dropped.queue_id);
    this.emit('entryChanged', id);
    if (dropped.offered_to) this.emit('deskChanged', dropped.offered_to);
  }

  async #status(entry: EntryRow): Promise<LiveStatus> {
    const open = entry.status === 'waiting' || entry.status === 'offered';
    if (!open) return this.#view(entry, 0, null);
    const [ahead, load] = await Promise.all([this.repo.ahead(this.db, entry.id), this.repo.load(this.db, entry.queue_id, this.#clock())]);
    return this.#view(entry, ahead, load);
  }

  /**
   * The wait range of a place in a queue's line. A line of 200 costs a few hundred milliseconds of
   * estimates, and it moves several times a second; a range need not be fresher than a few seconds,
   * so this node keeps each queue's ranges for ESTIMATE_TTL_MS, or until its clerks on duty change.
   * Places are pushed at once; only their ranges come from here. `ahead` -1: offered now.
   */
  #estimate(queueId: string, ahead: number, load: Awaited<ReturnType<LiveRepository['load']>>): WaitRange {
    const now = Date.now();
    let cached = this.#estimates.get(queueId);
    if (!cached || now - cached.at > ESTIMATE_TTL_MS || cached.agents !== load.agents || cached.free !== load.free) {
      cached = { at: now, agents: load.agents, free: load.free, byAhead: new Map() };
      this.#estimates.set(queueId, cached);
    }
    let range = cached.byAhead.get(ahead);
    if (!range) {
      const estimate = estimateWait({
        position: Math.max(0, ahead),
        agents: load.agents,
        freeAgents: ahead < 0 ? Math.max(1, load.free) : load.free,
        recentHandleSeconds: load.handled,
        busyElapsedSeconds: load.busyElapsed,
        arrivalsPerHour: load.arrivals,
      });
      range = {
        ...roundRange(estimate),
        lowSeconds: Math.round(estimate.lowSeconds),
        highSeconds: Math.round(estimate.highSeconds),
        basis: estimate.basis,
      };
      cached.byAhead.set(ahead, range);
    }
    return range;
  }

  #view(entry: EntryRow, ahead: number, load: Awaited<ReturnType<LiveRepository['load']>> | null): LiveStatus {
    let position: number | null = null;
    let wait: LiveStatus['wait'] = null;
    let callbackSuggested = false;
    if (load && (entry.status === 'waiting' || entry.status === 'offered')) {
      position = ahead + 1;
      wait = this.#estimate(entry.queue_id, entry.status === 'offered' ? -1 : ahead, load);
      callbackSuggested = wait.basis === 'no_agents' || wait.highMinutes > this.options.callbackAboveMinutes;
    }
    return {
      status: entry.status,
      mode: entry.mode,
      ticketNumber: entry.ticket_number,
      queue: { ca: entry.queue_name_ca, es: entry.queue_name_es, en: entry.queue_name_en },
      service: { ca: entry.service_name_ca, es: entry.service_name_es, en: entry.service_name_en },
      position,
      wait,
      callbackSuggested,
      callback: entry.callback_channel
        ? { channel: entry.callback_channel, from: entry.callback_from!.toISOString(), to: entry.callback_to!.toISOString() }
        : null,
      appointmentId: entry.appointment_id,
      graceSeconds: this.options.graceSeconds,
    };
  }
}

/** An entry as a clerk's desk shows it: offered to them, or the phone callback they are making. */
function offerView(e: EntryRow, now: Date): LiveOffer {
  return {
    entryId: e.id,
    ticketId: e.ticket_id,
    ticketNumber: e.ticket_number,
    citizenName: e.citizen_name,
    language: e.language,
    service: { ca: e.service_name_ca, es: e.service_name_es, en: e.service_name_en },
    queue: { ca: e.queue_name_ca, es: e.queue_name_es, en: e.queue_name_en },
    priority: e.priority,
    mode: e.mode,
    waitedSeconds: Math.max(0, Math.round((now.getTime() - e.created_at.getTime()) / 1000)),
    // A callback being made has no deadline left: its window's end stands in.
    expiresAt: (e.offer_expires_at ?? e.callback_to ?? now).toISOString(),
    callback: e.callback_channel
      ? { channel: e.callback_channel, phone: e.callback_phone, from: e.callback_from!.toISOString(), to: e.callback_to!.toISOString() }
      : null,
  };
}
