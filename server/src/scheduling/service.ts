import {
  AppError,
  type AffectedAppointment,
  type NewAbsence,
  type NewCalendarException,
  type NewShift,
  type OfficeSchedule,
  type OfficeSettingsRequest,
  type OpeningHours,
  type Principal,
  type SchedulingChange,
} from '@oac/shared';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { actorOf, recordAudit, SYSTEM, type Actor } from '../audit/audit';
import type { Db } from '../db/knex';
import { every, type Periodic } from '../periodic';
import type { Logger } from 'pino';
import { assertTimeZone, generateSlots, openingOn, startOfDay, type GenerateInput, type GeneratedSlot } from './generate';
import type { HeldSeatRow, SchedulingRepository, ShiftRow } from './repository';
import { rethrowConstraint } from '../db/errors';

export interface SchedulingOptions {
  /** How far ahead slots are generated. */
  horizonWeeks: number;
  clock?: () => Date;
}

type Staff = Extract<Principal, { kind: 'staff' }>;

/**
 * The scheduler's access rule: a scheduler plans their own office, an admin every office; a clerk
 * and a citizen plan nothing.
 */
export function assertPlans(principal: Principal | null, officeId: string): Staff {
  if (principal?.kind !== 'staff') throw new AppError('unauthenticated', 'Please log in.');
  if (principal.role === 'admin') return principal;
  if (principal.role === 'scheduler' && principal.officeId === officeId) return principal;
  throw new AppError('forbidden', 'Only the schedulers of this office may change its plan.');
}

/** The database's scheduling rules, as the protocol's errors: each constraint has its own code. */
const CONSTRAINT_ERRORS: Record<string, () => AppError> = {
  opening_hours_order: () => new AppError('hours_end_before_start', 'Opening hours must end after they start.'),
  shifts_order: () => new AppError('hours_end_before_start', 'A shift must end after it starts.'),
  opening_hours_no_overlap: () => new AppError('hours_overlap', 'Two opening hours of the same day overlap.'),
  shifts_no_overlap: () => new AppError('shift_overlap', 'That clerk is already on another shift at that time.'),
  shifts_validity: () =>
    new AppError('validation_error', 'A shift must stop being valid after it starts to be.', [
      { path: 'validTo', code: 'before_valid_from' },
    ]),
  calendar_exceptions_order: () =>
    new AppError('validation_error', 'The last day comes before the first.', [{ path: 'to', code: 'before_from' }]),
  absences_order: () =>
    new AppError('validation_error', 'An absence must end after it starts.', [{ path: 'endsAt', code: 'before_starts_at' }]),
  slots_within_capacity: () => new AppError('capacity_below_bookings', 'That slot already holds more bookings than that capacity.'),
  offices_time_zone_known: () => new AppError('unknown_time_zone', 'That time zone is not known.'),
};

const constraintError = rethrowConstraint(CONSTRAINT_ERRORS);

export class SchedulingService {
  readonly #clock: () => Date;

  constructor(
    private readonly db: Db,
    private readonly repo: SchedulingRepository,
    private readonly options: SchedulingOptions,
  ) {
    this.#clock = options.clock ?? (() => new Date());
  }

  async schedule(principal: Principal | null, officeId: string): Promise<OfficeSchedule> {
    assertPlans(principal, officeId);
    const office = await this.#office(this.db, officeId);
    const [hours, exceptions, shifts, absences, clerks, services] = await Promise.all([
      this.repo.hours(this.db, officeId),
      this.repo.exceptions(this.db, officeId),
      this.repo.shifts(this.db, officeId),
      this.repo.absences(this.db, officeId, this.#clock()),
      this.repo.clerks(this.db, officeId),
      this.repo.services(this.db, officeId),
    ]);
    return {
      office: {
        id: office.id,
        name: { ca: office.name_ca, es: office.name_es, en: office.name_en },
        timeZone: office.time_zone,
        channels: office.channels,
        active: office.active,
      },
      horizonWeeks: this.options.horizonWeeks,
      hours: hours.map((h) => ({ weekday: h.weekday, opens: h.opens, closes: h.closes })),
      exceptions: exceptions.map((e) => ({
        id: e.id,
        officeId: e.office_id,
        kind: e.kind,
        name: e.name,
        from: e.date_from,
        to: e.date_to,
        recurringYearly: e.recurring_yearly,
        hours: e.hours,
      })),
      shifts: shifts.map(toShift),
      absences: absences.map((a) => ({
        id: a.id,
        clerkId: a.clerk_id,
        clerkName: a.clerk_name,
        startsAt: a.starts_at.toISOString(),
        endsAt: a.ends_at.toISOString(),
        reason: a.reason,
      })),
      clerks: clerks.map((c) => ({
        id: c.id,
        name: c.name,
        active: c.active,
        office: { id: c.office_id, name: { ca: c.name_ca, es: c.name_es, en: c.name_en } },
        worksHere: c.here,
      })),
      services: services.map((v) => ({
        id: v.id,
        code: v.code,
        name: { ca: v.name_ca, es: v.name_es, en: v.name_en },
        durationMinutes: v.duration_minutes,
      })),
    };
  }

  setSettings(principal: Principal | null, officeId: string, settings: OfficeSettingsRequest): Promise<SchedulingChange> {
    const staff = assertPlans(principal, officeId);
    // An IANA zone both sides know: PostgreSQL's CHECK refuses what it does not, and this what luxon does not.
    try {
      assertTimeZone(settings.timeZone);
    } catch {
      throw new AppError('unknown_time_zone', 'That time zone is not known.');
    }
    return this.#change(staff, officeId, async (trx) => {
      const before = await this.#office(trx, officeId);
      await this.repo.updateOffice(trx, officeId, { time_zone: settings.timeZone, channels: settings.channels, active: settings.active });
      return {
        entity: 'office',
        entityId: officeId,
        action: 'schedule.office_changed',
        details: { before: { timeZone: before.time_zone, channels: before.channels, active: before.active }, after: settings },
      };
    });
  }

  setHours(principal: Principal | null, officeId: string, hours: OpeningHours[]): Promise<SchedulingChange> {
    const staff = assertPlans(principal, officeId);
    return this.#change(staff, officeId, async (trx) => {
      const before = await this.repo.hours(trx, officeId);
      await this.repo.replaceHours(trx, officeId, hours);
      return {
        entity: 'office',
        entityId: officeId,
        action: 'schedule.hours_changed',
        details: { before: before.map(({ weekday, opens, closes }) => ({ weekday, opens, closes })), after: hours },
      };
    });
  }

  addException(principal: Principal | null, officeId: string, e: NewCalendarException): Promise<SchedulingChange> {
    const staff = assertPlans(principal, officeId);
    if (e.kind === 'special_hours' && !e.hours) {
      throw new AppError('validation_error', 'Special hours need their hours.', [{ path: 'hours', code: 'required' }]);
    }
    return this.#change(staff, officeId, async (trx) => {
      const id = await this.repo.insertException(trx, {
        office_id: officeId,
        kind: e.kind,
        name: e.name,
        date_from: e.from,
        date_to: e.to,
        recurring_yearly: e.recurringYearly,
        hours: e.kind === 'special_hours' ? (e.hours ?? []) : null,
        created_by_staff_id: staff.userId,
      });
      return { entity: 'calendar_exception', entityId: id, action: 'schedule.exception_added', to: e.kind, details: { officeId, ...e } };
    });
  }

  deleteException(principal: Principal | null, officeId: string, id: string): Promise<SchedulingChange> {
    const staff = assertPlans(principal, officeId);
    return this.#change(staff, officeId, async (trx) => {
      const before = await this.repo.findException(trx, id);
      // The city's holidays belong to every office: no single office's scheduler removes them.
      if (!before || before.office_id !== officeId)
        throw new AppError('not_found', 'That closure or holiday does not exist at this office.');
      await this.repo.deleteException(trx, id);
      return { entity: 'calendar_exception', entityId: id, action: 'schedule.exception_removed', from: before.kind, details: { before } };
    });
  }

  addShift(principal: Principal | null, officeId: string, s: NewShift): Promise<SchedulingChange> {
    const staff = assertPlans(principal, officeId);
    return this.#change(staff, officeId, async (trx) => {
      // A clerk of any office may be rostered here; their other shifts keep them from overlapping.
      const clerk = await this.repo.findStaff(trx, s.clerkId);
      if (!clerk || clerk.role !== 'clerk' || !clerk.active) {
        throw new AppError('validation_error', 'That person is not an active clerk.', [{ path: 'clerkId', code: 'not_a_clerk_here' }]);
      }
      const offered = new Set((await this.repo.services(trx, officeId)).map((v) => v.id));
      const missing = s.serviceIds.filter((id) => !offered.has(id));
      if (missing.length)
        throw new AppError('service_not_offered', 'This office does not offer some of those procedures.', { serviceIds: missing });
      const id = await this.repo.insertShift(
        trx,
        {
          clerk_id: s.clerkId,
          office_id: officeId,
          weekday: s.weekday,
          starts: s.starts,
          ends: s.ends,
          valid_from: s.validFrom,
          valid_to: s.validTo,
        },
        [...new Set(s.serviceIds)],
      );
      return { entity: 'shift', entityId: id, action: 'schedule.shift_added', details: { officeId, ...s } };
    });
  }

  deleteShift(principal: Principal | null, officeId: string, id: string): Promise<SchedulingChange> {
    const staff = assertPlans(principal, officeId);
    return this.#change(staff, officeId, async (trx) => {
      const before = (await this.repo.shifts(trx, officeId)).find((s) => s.id === id);
      if (!before) throw new AppError('not_found', 'That shift does not exist at this office.');
      await this.repo.deleteShift(trx, id);
      return { entity: 'shift', entityId: id, action: 'schedule.shift_removed', details: { before: toShift(before) } };
    });
  }

  /**
   * An absence of a clerk who works here (their office, or rostered here). It keeps them from
   * every office's slots, so each office where they have a shift is regenerated with this one.
   */
  async addAbsence(principal: Principal | null, officeId: string, a: NewAbsence): Promise<SchedulingChange> {
    const staff = assertPlans(principal, officeId);
    const others = await this.repo.rosteredOffices(this.db, a.clerkId, officeId);
    return this.#change(
      staff,
      officeId,
      async (trx) => {
        await this.#assertWorksHere(trx, a.clerkId, officeId);
        const id = await this.repo.insertAbsence(trx, {
          clerk_id: a.clerkId,
          starts_at: new Date(a.startsAt),
          ends_at: new Date(a.endsAt),
          reason: a.reason,
          created_by_staff_id: staff.userId,
        });
        return { entity: 'absence', entityId: id, action: 'schedule.absence_added', details: { officeId, ...a } };
      },
      others,
    );
  }

  async deleteAbsence(principal: Principal | null, officeId: string, id: string): Promise<SchedulingChange> {
    const staff = assertPlans(principal, officeId);
    const found = await this.repo.findAbsence(this.db, id);
    const others = found ? await this.repo.rosteredOffices(this.db, found.clerk_id, officeId) : [];
    return this.#change(
      staff,
      officeId,
      async (trx) => {
        const before = await this.repo.findAbsence(trx, id);
        if (!before || !(await this.#worksHere(trx, before.clerk_id, officeId)))
          throw new AppError('not_found', 'That absence does not exist at this office.');
        await this.repo.deleteAbsence(trx, id);
        return { entity: 'absence', entityId: id, action: 'schedule.absence_removed', details: { before } };
      },
      others,
    );
  }

  async #worksHere(db: Knex.Transaction, clerkId: string, officeId: string): Promise<boolean> {
    const clerk = await this.repo.findStaff(db, clerkId);
    if (!clerk || clerk.role !== 'clerk') return false;
    return clerk.office_id === officeId || (await this.repo.shifts(db, officeId)).some((s) => s.clerk_id === clerkId);
  }

  async #assertWorksHere(db: Knex.Transaction, clerkId: string, officeId: string): Promise<void> {
    if (!(await this.#worksHere(db, clerkId, officeId)))
      throw new AppError('validation_error', 'That person is not a clerk who works at this office.', [
        { path: 'clerkId', code: 'not_a_clerk_here' },
      ]);
  }

  /** A slot's seats set by hand (null: as many as clerks on shift again). */
  async setCapacity(principal: Principal | null, slotId: string, capacity: number | null): Promise<{ capacity: number; booked: number }> {
    const slot = await this.repo.findSlot(this.db, slotId);
    if (!slot) throw new AppError('slot_not_found', 'That slot does not exist.');
    const staff = assertPlans(principal, slot.office_id);
    return this.db
      .transaction(async (trx) => {
        await this.repo.lockOffice(trx, slot.office_id);
        await this.repo.setSlotCapacity(trx, slotId, capacity);
        const after = (await this.repo.findSlot(trx, slotId))!;
        await recordAudit(trx, {
          actor: actorOf(staff),
          entity: 'slot',
          entityId: slotId,
          action: 'schedule.capacity_changed',
          from: String(slot.capacity),
          to: String(after.capacity),
          details: { before: { capacity: slot.capacity, override: slot.capacity_override }, override: capacity },
        });
        return { capacity: after.capacity, booked: after.booked };
      })
      .catch(constraintError);
  }

  /** The bookings the office's plan no longer covers, without changing anything. */
  async conflicts(principal: Principal | null, officeId: string): Promise<AffectedAppointment[]> {
    assertPlans(principal, officeId);
    const office = await this.#office(this.db, officeId);
    const { slots, input } = await this.#generate(this.db, officeId, office.time_zone);
    return affectedBy(await this.repo.heldSeats(this.db, officeId, this.#clock()), slots, input);
  }

  /** Regenerates the office's slots by hand, or for the horizon's daily move (no principal: the system). */
  async regenerate(principal: Principal | null, officeId: string, opts: { system?: boolean } = {}): Promise<SchedulingChange> {
    const actor: Actor = opts.system ? SYSTEM : actorOf(assertPlans(principal, officeId));
    return this.db.transaction(async (trx) => {
      await this.repo.lockOffice(trx, officeId);
      const result = await this.#regenerate(trx, officeId);
      if (!opts.system) {
        await recordAudit(trx, { actor, entity: 'office', entityId: officeId, action: 'schedule.regenerated', details: result.slots });
      }
      return result;
    });
  }

  /**
   * Moves every active office's horizon on, every `everyMs`: a day that enters the horizon gets its
   * slots. Each office is its own transaction under its advisory lock, so two nodes doing it at
   * once wait for each other and the second finds nothing to do.
   */
  keepHorizon(everyMs: number, log: Logger): Periodic {
    return every(
      everyMs,
      'keepHorizon',
      async () => {
        for (const officeId of await this.repo.activeOfficeIds(this.db)) {
          const { slots } = await this.regenerate(null, officeId, { system: true });
          if (slots.created || slots.removed) log.info({ officeId, ...slots }, 'keepHorizon() regenerated');
        }
      },
      log,
    );
  }

  /**
   * One scheduling change: the office (and `others`, whose slots it moves too) locked in one order
   * so that two changes never wait on each other, the write, each office regenerated, and the audit.
   */
  async #change(
    staff: Staff,
    officeId: string,
    write: (
      trx: Knex.Transaction,
    ) => Promise<{ entity: string; entityId: string; action: string; from?: string; to?: string; details: Record<string, unknown> }>,
    others: string[] = [],
  ): Promise<SchedulingChange> {
    const offices = [...new Set([officeId, ...others])].sort();
    return this.db
      .transaction(async (trx) => {
        for (const id of offices) await this.repo.lockOffice(trx, id);
        await this.#office(trx, officeId);
        const audit = await write(trx);
        const result = await this.#regenerate(trx, officeId);
        for (const id of offices) {
          if (id === officeId) continue;
          const more = await this.#regenerate(trx, id);
          for (const k of ['created', 'updated', 'removed', 'keptBooked'] as const) result.slots[k] += more.slots[k];
          result.affected.push(...more.affected);
        }
        await recordAudit(trx, {
          actor: actorOf(staff),
          ...audit,
          details: { ...audit.details, slots: result.slots, affected: result.affected.map((a) => a.id) },
        });
        return result;
      })
      .catch(constraintError);
  }

  async #regenerate(trx: Knex.Transaction, officeId: string): Promise<SchedulingChange> {
    const office = await this.#office(trx, officeId);
    const { slots, from, to, input } = await this.#generate(trx, officeId, office.time_zone);
    const diff = await this.repo.applySlots(trx, officeId, from, to, slots);
    return { slots: diff, affected: affectedBy(await this.repo.heldSeats(trx, officeId, from), slots, input) };
  }

  /** The slots the office's plan gives from now to the horizon. */
  async #generate(
    db: Db | Knex.Transaction,
    officeId: string,
    zone: string,
  ): Promise<{ slots: GeneratedSlot[]; from: Date; to: Date; input: GenerateInput }> {
    const now = this.#clock();
    const today = DateTime.fromJSDate(now, { zone }).toISODate()!;
    const last = DateTime.fromISO(today, { zone }).plus({ weeks: this.options.horizonWeeks }).toISODate()!;
    const to = startOfDay(last, zone);
    const input = await this.repo.generationInput(db, officeId, zone, today, last, now);
    return { slots: generateSlots(input).filter((s) => s.startsAt >= now), from: now, to, input };
  }

  async #office(db: Db | Knex.Transaction, officeId: string) {
    const office = await this.repo.office(db, officeId);
    if (!office) throw new AppError('not_found', 'That office does not exist.');
    return office;
  }
}

/** Whether the office's hours, after exceptions, cover the whole of [start, end) in its zone. */
function isOpen(start: Date, end: Date, input: GenerateInput): boolean {
  const local = DateTime.fromJSDate(start, { zone: input.timeZone });
  const date = local.toISODate()!;
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const from = local.hour * 60 + local.minute;
  const to = from + Math.round((end.getTime() - start.getTime()) / 60_000);
  return openingOn(date, input.hours, input.exceptions).some((r) => minutes(r.opens) <= from && to <= minutes(r.closes));
}

function toShift(s: ShiftRow) {
  return {
    id: s.id,
    clerkId: s.clerk_id,
    clerkName: s.clerk_name,
    officeId: s.office_id,
    weekday: s.weekday,
    starts: s.starts,
    ends: s.ends,
    validFrom: s.valid_from,
    validTo: s.valid_to,
    serviceIds: s.service_ids,
  };
}

/**
 * Bookings the plan no longer covers: their time is no longer open for their procedure, or their
 * clerk is no longer on shift for it then (a new absence, a removed shift).
 */
export function affectedBy(held: HeldSeatRow[], slots: GeneratedSlot[], input: GenerateInput): AffectedAppointment[] {
  const wanted = new Map(slots.map((s) => [`${s.serviceId}|${s.startsAt.getTime()}|${s.endsAt.getTime()}`, s]));
  const out: AffectedAppointment[] = [];
  for (const a of held) {
    const slot = wanted.get(`${a.service_id}|${a.starts_at.getTime()}|${a.ends_at.getTime()}`);
    if (slot && (!a.clerk_id || slot.clerkIds.includes(a.clerk_id))) continue;
    // Not offered any more: because the office is closed then, or because nobody is on shift for it.
    const reason = isOpen(a.starts_at, a.ends_at, input) ? 'clerk_unavailable' : 'office_closed';
    out.push({
      id: a.id,
      ticketNumber: a.ticket_number,
      citizenName: a.citizen_name,
      startsAt: a.starts_at.toISOString(),
      service: { ca: a.service_name_ca, es: a.service_name_es, en: a.service_name_en },
      clerkName: a.clerk_name,
      reason,
    });
  }
  return out;
}
