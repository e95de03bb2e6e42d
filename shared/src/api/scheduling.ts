import { z } from 'zod';
import { Channel, Id, IsoDate, IsoDateTime, LocalizedText } from './common';
import { StaffAppointment } from './staff';

/** 'HH:MM' on a 24-hour clock, local to the office; '24:00' only as an end. */
export const WallTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'A time as HH:MM.');
export const Weekday = z.number().int().min(1).max(7);

/** A range of local times. That it ends after it starts is the database's rule too (`hours_end_before_start`). */
export const TimeRange = z.strictObject({ opens: WallTime, closes: WallTime });
export type TimeRange = z.infer<typeof TimeRange>;

export const OpeningHours = TimeRange.extend({ weekday: Weekday });
export type OpeningHours = z.infer<typeof OpeningHours>;
/** The whole week at once: what is not listed is closed. */
export const OpeningHoursRequest = z.strictObject({ hours: z.array(OpeningHours).max(70) });
export type OpeningHoursRequest = z.infer<typeof OpeningHoursRequest>;

export const ExceptionKind = z.enum(['holiday', 'closure', 'special_hours']);
export type ExceptionKind = z.infer<typeof ExceptionKind>;
export const NewCalendarException = z.strictObject({
  kind: ExceptionKind,
  name: z.string().trim().min(1).max(200),
  from: IsoDate,
  to: IsoDate,
  recurringYearly: z.boolean().default(false),
  /** For special hours: the hours of those days instead of the week's. */
  hours: z.array(TimeRange).max(10).optional(),
});
export type NewCalendarException = z.infer<typeof NewCalendarException>;
export const CalendarException = z.strictObject({
  id: Id,
  /** Null for the city's public holidays, which every office keeps. */
  officeId: Id.nullable(),
  kind: ExceptionKind,
  name: z.string(),
  from: IsoDate,
  to: IsoDate,
  recurringYearly: z.boolean(),
  hours: z.array(TimeRange).nullable(),
});
export type CalendarException = z.infer<typeof CalendarException>;

export const NewShift = z.strictObject({
  clerkId: Id,
  weekday: Weekday,
  starts: WallTime,
  ends: WallTime,
  validFrom: IsoDate,
  validTo: IsoDate.nullable().default(null),
  serviceIds: z.array(Id).min(1).max(100),
});
export type NewShift = z.infer<typeof NewShift>;
export const Shift = NewShift.extend({ id: Id, clerkName: z.string(), officeId: Id });
export type Shift = z.infer<typeof Shift>;

export const NewAbsence = z.strictObject({
  clerkId: Id,
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  reason: z.string().trim().max(200).default(''),
});
export type NewAbsence = z.infer<typeof NewAbsence>;
export const Absence = NewAbsence.extend({ id: Id, clerkName: z.string() });
export type Absence = z.infer<typeof Absence>;

/** A booked appointment that a change left without an open office or a clerk on shift. */
export const AffectedAppointment = z.strictObject({
  id: Id,
  ticketNumber: z.string(),
  citizenName: z.string(),
  startsAt: IsoDateTime,
  service: LocalizedText,
  clerkName: z.string().nullable(),
  reason: z.enum(['office_closed', 'clerk_unavailable']),
});
export type AffectedAppointment = z.infer<typeof AffectedAppointment>;
export const AffectedAppointmentList = z.array(AffectedAppointment);

/** What every scheduling change answers: the slots it made or removed, and the bookings it left stranded. */
export const SchedulingChange = z.strictObject({
  slots: z.strictObject({ created: z.number().int(), updated: z.number().int(), removed: z.number().int(), keptBooked: z.number().int() }),
  affected: z.array(AffectedAppointment),
});
export type SchedulingChange = z.infer<typeof SchedulingChange>;

/**
 * A clerk as a scheduler picks one: `worksHere` for the clerks of the office and those rostered
 * there from another; the others are every other active clerk, whom a shift here would bring.
 */
export const SchedulingClerk = z.strictObject({
  id: Id,
  name: z.string(),
  active: z.boolean(),
  office: z.strictObject({ id: Id, name: LocalizedText }),
  worksHere: z.boolean(),
});
export type SchedulingClerk = z.infer<typeof SchedulingClerk>;
export const SchedulingService = z.strictObject({ id: Id, code: z.string(), name: LocalizedText, durationMinutes: z.number().int() });

/** An office's plan as its schedulers edit it. */
export const OfficeSchedule = z.strictObject({
  office: z.strictObject({ id: Id, name: LocalizedText, timeZone: z.string(), channels: z.array(Channel), active: z.boolean() }),
  horizonWeeks: z.number().int(),
  hours: z.array(OpeningHours),
  exceptions: z.array(CalendarException),
  shifts: z.array(Shift),
  absences: z.array(Absence),
  clerks: z.array(SchedulingClerk),
  services: z.array(SchedulingService),
});
export type OfficeSchedule = z.infer<typeof OfficeSchedule>;

export const BoardQuery = z.strictObject({ date: IsoDate.optional(), days: z.coerce.number().int().min(1).max(7).optional() });
export type BoardQuery = z.infer<typeof BoardQuery>;

export const BoardSlot = z.strictObject({
  id: Id,
  serviceId: Id,
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  capacity: z.number().int(),
  booked: z.number().int(),
  overridden: z.boolean(),
});
export const BoardDay = z.strictObject({
  date: IsoDate,
  opening: z.array(TimeRange),
  shifts: z.array(z.strictObject({ clerkId: Id, clerkName: z.string(), starts: WallTime, ends: WallTime, absent: z.boolean() })),
  appointments: z.array(StaffAppointment),
  slots: z.array(BoardSlot),
});
export const PlanningBoard = z.strictObject({ officeId: Id, timeZone: z.string(), days: z.array(BoardDay) });
export type PlanningBoard = z.infer<typeof PlanningBoard>;

/** An office's own settings; the time zone is checked against the database's zone list (`unknown_time_zone`). */
export const OfficeSettingsRequest = z.strictObject({
  timeZone: z.string().min(1).max(64),
  channels: z.array(Channel).min(1).max(3),
  active: z.boolean(),
});
export type OfficeSettingsRequest = z.infer<typeof OfficeSettingsRequest>;

export const ReassignRequest = z.strictObject({ clerkId: Id });
export const CapacityRequest = z.strictObject({ capacity: z.number().int().min(0).max(100).nullable() });
export const SlotCapacity = z.strictObject({ capacity: z.number().int(), booked: z.number().int() });
export const StaffRescheduleRequest = z.strictObject({ slotId: Id });

export const OfficeExceptionParams = z.strictObject({ officeId: Id, id: Id });
