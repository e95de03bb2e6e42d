import {
  AppError,
  decide,
  isClosed,
  type AppointmentStatus,
  type LifecycleEvent,
  type LifecycleRefusal,
  type LifecycleRules,
  type Outcome,
  type Principal,
} from '@oac/shared';
import type { Knex } from 'knex';
import { EventEmitter } from 'node:events';
import { actorOf, recordAudit, type Actor } from '../audit/audit';
import type { BookingRepository } from '../booking/repository';
import type { Db } from '../db/knex';
import type { MailScheduler } from '../mail/outbox';
import { rethrowConstraint } from '../db/errors';
import { assertAppointmentAccess } from './access';
import { SEAT_RULES, slotTaken } from './seats';
import type { AppointmentChange, AppointmentRepository, AppointmentRow } from './repository';

export type AppointmentEvents = {
  /** An appointment changed (its status, its slot or its notes): whoever shows it must refresh. */
  changed: [row: AppointmentRow, change: { action: string; from: AppointmentStatus; to: AppointmentStatus; actor?: Actor }];
};

/** Turns a refusal of the lifecycle rules into the protocol's error, with what the person needs to know. */
export function refusalError(r: LifecycleRefusal): AppError {
  switch (r.code) {
    case 'invalid_transition':
      return new AppError('invalid_transition', 'The appointment cannot change that way now.');
    case 'change_cutoff_passed':
      return new AppError('change_cutoff_passed', 'It is too late to cancel or move this appointment.', {
        cutoffAt: r.cutoffAt.toISOString(),
      });
    case 'no_show_too_early':
      return new AppError('no_show_too_early', 'A no-show can be recorded only some minutes after the start.', {
        allowedFrom: r.allowedFrom.toISOString(),
      });
    case 'outcome_locked':
      return new AppError('outcome_locked', 'The outcome can no longer be changed: the day is over.');
  }
}

/** A citizen cancels or moves their own appointment; staff do it for them, on the planning board. */
function changeAction(principal: Principal): 'change' | 'plan' {
  return principal.kind === 'citizen' ? 'change' : 'plan';
}

const ACTIONS: Record<LifecycleEvent['type'], string> = {
  presence: 'appointment.presence',
  end: 'appointment.ended',
  change_outcome: 'appointment.outcome_changed',
  cancel: 'appointment.cancelled',
  reschedule: 'appointment.rescheduled',
};

/**
 * The appointment's life: every change of status goes through `apply`, which locks the row, asks
 * the pure rules (`decide`), writes the change and its audit record in one transaction, and tells
 * the listeners after it commits.
 */
export class AppointmentService extends EventEmitter<AppointmentEvents> {
  constructor(
    private readonly db: Db,
    private readonly repo: AppointmentRepository,
    private readonly slots: BookingRepository,
    readonly rules: LifecycleRules,
    /** The durable mail, told of a move or a cancellation inside its transaction. */
    private readonly mail: MailScheduler | null = null,
    private readonly clock: () => Date = () => new Date(),
  ) {
    super();
  }

  find(id: string): Promise<AppointmentRow | undefined> {
    return this.repo.find(id);
  }

  /**
   * Who is in the call decides an open appointment's status. `presence` is read after the row is
   * locked, so that of two concurrent joins and leaves the later write always sees the later room.
   */
  async presence(id: string, actor: Actor, presence: () => { citizen: boolean; clerk: boolean }): Promise<AppointmentRow | null> {
    return this.apply(id, actor, () => ({ type: 'presence', ...presence() }), { quietWhenRefused: true });
  }

  async end(principal: Principal, id: string, outcome: Outcome): Promise<AppointmentRow> {
    return (await this.apply(id, actorOf(principal), () => ({ type: 'end', outcome }), { principal, action: 'end' }))!;
  }

  async changeOutcome(principal: Principal, id: string, outcome: Outcome): Promise<AppointmentRow> {
    return (await this.apply(id, actorOf(principal), () => ({ type: 'change_outcome', outcome }), { principal, action: 'end' }))!;
  }

  async cancel(principal: Principal, id: string): Promise<AppointmentRow> {
    return (await this.apply(id, actorOf(principal), () => ({ type: 'cancel' }), { principal, action: changeAction(principal) }))!;
  }

  /**
   * Moves the appointment to another free slot of its office, in one transaction: the citizen
   * never loses the old slot without getting the new one. Moves and bookings of one slot queue on
   * its row lock, and the seat count's CHECK refuses one too many, whose transaction rolls back whole.
   * The appointment keeps its procedure: the new slot must be one of the same procedure.
   */
  async reschedule(principal: Principal, id: string, slotId: string): Promise<AppointmentRow> {
    return (await this.apply(id, actorOf(principal), () => ({ type: 'reschedule' }), {
      principal,
      action: changeAction(principal),
      extra: async (trx, row) => {
        const slot = await this.slots.findSlot(trx, slotId, row.id);
        if (!slot) throw new AppError('slot_not_found', 'That time is no longer offered.');
        if (slot.id === row.slot_id)
          throw new AppError('validation_error', 'That is already the time of the appointment.', [{ path: 'slotId', code: 'same_slot' }]);
        if (slot.in_past) throw new AppError('slot_in_past', 'That time has already passed. Please choose another.');
        if (slot.office_id !== row.office_id || slot.service_id !== row.service_id)
          throw new AppError('service_not_offered', 'The office of this procedure does not offer that time.');
        if (slot.taken) throw slotTaken();
        return { change: { slot_id: slot.id, clerk_id: slot.clerk_id }, details: { fromSlotId: row.slot_id, toSlotId: slot.id } };
      },
    }))!;
  }

  /**
   * Gives the appointment to another clerk who works at its office (theirs, or rostered there),
   * from the planning board. The exclusion
   * constraint on a clerk's appointments refuses a clerk who is busy then (`clerk_busy`).
   */
  async reassign(principal: Principal, id: string, clerkId: string): Promise<AppointmentRow> {
    const { row, updated } = await this.db
      .transaction(async (trx) => {
        const row = assertAppointmentAccess(principal, await this.repo.findForUpdate(trx, id), 'plan');
        if (isClosed(row.status) || row.status === 'in_call')
          throw new AppError('invalid_transition', 'That appointment can no longer be reassigned.');
        const clerk = await this.repo.findClerk(trx, clerkId, row.office_id);
        if (!clerk || !clerk.works_here || !clerk.active) {
          throw new AppError('validation_error', 'That person is not an active clerk who works at this office.', [
            { path: 'clerkId', code: 'not_a_clerk_here' },
          ]);
        }
        if (row.clerk_id === clerkId) return { row, updated: null };
        await this.repo.update(trx, id, { clerk_id: clerkId });
        await recordAudit(trx, {
          actor: actorOf(principal),
          entity: 'appointment',
          entityId: id,
          action: 'appointment.reassigned',
          from: row.status,
          to: row.status,
          details: { fromClerkId: row.clerk_id, toClerkId: clerkId },
        });
        return { row, updated: (await this.repo.find(id, trx))! };
      })
      .catch(
        rethrowConstraint({
          appointments_clerk_no_overlap: () => new AppError('clerk_busy', 'That clerk already has another appointment at that time.'),
        }),
      );
    if (!updated) return row;
    this.emit('changed', updated, { action: 'appointment.reassigned', from: row.status, to: row.status });
    return updated;
  }

  async setNotes(principal: Principal, id: string, notes: string): Promise<AppointmentRow> {
    const { row, updated } = await this.db.transaction(async (trx) => {
      const row = assertAppointmentAccess(principal, await this.repo.findForUpdate(trx, id), 'notes');
      if (row.staff_notes === notes) return { row, updated: null };
      await this.repo.update(trx, id, { staff_notes: notes });
      await recordAudit(trx, {
        actor: actorOf(principal),
        entity: 'appointment',
        entityId: id,
        action: 'appointment.notes_changed',
        details: { notes },
      });
      return { row, updated: (await this.repo.find(id, trx))! };
    });
    if (!updated) return row;
    this.emit('changed', updated, { action: 'appointment.notes_changed', from: row.status, to: row.status });
    return updated;
  }

  /**
   * Chat help becomes a video call (issue 15): only by the clerk in charge of it, while it is open,
   * and only once (a call never goes back to chat). The call's room tells its browsers.
   */
  async switchToVideo(principal: Principal, id: string): Promise<AppointmentRow> {
    const updated = await this.db.transaction(async (trx) => {
      const row = assertAppointmentAccess(principal, await this.repo.findForUpdate(trx, id), 'join_call');
      if (principal.kind !== 'staff' || row.clerk_id !== principal.userId)
        throw new AppError('forbidden', 'Only the clerk in charge of this chat may turn it into a video call.');
      if (isClosed(row.status)) throw new AppError('appointment_closed', 'This appointment is over.', { status: row.status });
      if (row.call_mode !== 'chat') throw new AppError('invalid_transition', 'This call is by video already.');
      await this.repo.update(trx, id, { call_mode: 'video' });
      await recordAudit(trx, {
        actor: actorOf(principal),
        entity: 'appointment',
        entityId: id,
        action: 'call.switched_to_video',
        from: 'chat',
        to: 'video',
      });
      return (await this.repo.find(id, trx))!;
    });
    this.emit('changed', updated, { action: 'call.switched_to_video', from: updated.status, to: updated.status });
    return updated;
  }

  private async apply(
    id: string,
    actor: Actor,
    event: () => LifecycleEvent,
    opts: {
      principal?: Principal;
      action?: 'end' | 'change' | 'plan';
      quietWhenRefused?: boolean;
      extra?: (trx: Knex.Transaction, row: AppointmentRow) => Promise<{ change: AppointmentChange; details: Record<string, unknown> }>;
    } = {},
  ): Promise<AppointmentRow | null> {
    // Set inside the transaction, told to the listeners only once it has committed.
    const out: { emitted?: { row: AppointmentRow; action: string; from: AppointmentStatus; to: AppointmentStatus; actor: Actor } } = {};
    const result = await this.db
      .transaction(async (trx) => {
        const locked = await this.repo.findForUpdate(trx, id);
        const row = opts.principal ? assertAppointmentAccess(opts.principal, locked, opts.action!) : locked;
        if (!row) throw new AppError('appointment_not_found', 'That appointment does not exist.');
        const e = event();
        const decision = decide(row.status, e, { now: this.clock(), startsAt: row.starts_at, endsAt: row.ends_at }, this.rules);
        if (!decision.ok) {
          if (opts.quietWhenRefused) return null;
          throw refusalError(decision);
        }
        const extra = opts.extra ? await opts.extra(trx, row) : null;
        const change = { ...changeFor(row, decision.to, actor, this.clock()), ...extra?.change };
        // A presence or an outcome that changes nothing writes nothing: a reconnecting browser is not news.
        if ((e.type === 'presence' || e.type === 'change_outcome') && decision.to === row.status) return row;
        if (e.type === 'reschedule' || e.type === 'cancel') change.revision = trx.raw('revision + 1');
        await this.repo.update(trx, id, change);
        const action = e.type === 'presence' ? presenceAction(row.status, decision.to) : ACTIONS[e.type];
        await recordAudit(trx, {
          actor,
          entity: 'appointment',
          entityId: id,
          action,
          from: row.status,
          to: decision.to,
          details: { ...(e.type === 'presence' ? { citizen: e.citizen, clerk: e.clerk } : {}), ...extra?.details },
        });
        const updated = (await this.repo.find(id, trx))!;
        if (e.type === 'cancel') await this.mail?.cancelled(trx, updated);
        if (e.type === 'reschedule') await this.mail?.rescheduled(trx, updated);
        out.emitted = { row: updated, action, from: row.status, to: decision.to, actor };
        return updated;
      })
      .catch(rethrowConstraint(SEAT_RULES));
    if (out.emitted) {
      const { row, ...change } = out.emitted;
      this.emit('changed', row, change);
    }
    return result;
  }
}

/** What a change of presence was, in the audit trail's words. */
function presenceAction(from: AppointmentStatus, to: AppointmentStatus): string {
  if (to === 'in_call') return 'appointment.call_started';
  if (to === 'checked_in') return from === 'in_call' ? 'appointment.call_interrupted' : 'appointment.checked_in';
  return 'appointment.left';
}

/** The timestamps a status carries, so the database's consistency checks hold. */
function changeFor(row: AppointmentRow, to: AppointmentStatus, actor: Actor, now: Date): AppointmentChange {
  const change: AppointmentChange = { status: to };
  if ((to === 'checked_in' || to === 'in_call') && !row.checked_in_at) change.checked_in_at = now;
  if (to === 'in_call' && !row.call_started_at) change.call_started_at = now;
  if (to === 'booked') {
    change.checked_in_at = null;
    change.call_started_at = null;
  }
  if (to === 'done' || to === 'no_show') {
    change.ended_at = row.ended_at ?? now;
    change.ended_by_staff_id = actor.kind === 'staff' ? actor.staffId : null;
    // An on-demand call holds its clerk only until it ends: the next citizen may follow at once.
    if (row.on_demand && !row.ended_at) change.ends_at = now;
  }
  if (to === 'cancelled') change.cancelled_at = now;
  return change;
}
