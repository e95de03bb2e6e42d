import { z } from 'zod';
import { TicketPriority } from '../tickets';
import { LocalizedLine } from './admin';
import { Id, IsoDate, LocalizedText } from './common';

/*
 * The single window's queues as an admin configures them (issue 15): their names, rank, default
 * priority, members, supervisor and SLA targets; and the seasonal peaks a scheduler adds to one
 * for a range of dates: clerks lent to it, a temporary rank, or both.
 */

/** As the database has it: a capital letter, then one to nineteen capitals, digits or underscores. */
export const QueueCode = z.string().regex(/^[A-Z][A-Z0-9_]{1,19}$/, 'Two to twenty capital letters, digits or underscores.');
/** Lower ranks are served first. */
export const QueueRank = z.number().int().min(1).max(99);

const Minutes = z.number().int().max(525_600);

/** An SLA's targets in business minutes: time to own, time to resolve, and how long before a breach the supervisor is warned. */
export const SlaTargets = z.strictObject({
  ownMinutes: Minutes.min(1),
  resolveMinutes: Minutes.min(1),
  warnBeforeMinutes: Minutes.min(0),
});
export type SlaTargets = z.infer<typeof SlaTargets>;

/** One priority's targets; `source` says where they come from: the queue's own row, the default row, or the built-in fallback. */
export const SlaTarget = SlaTargets.extend({ priority: TicketPriority, source: z.enum(['queue', 'default', 'builtin']) });
export type SlaTarget = z.infer<typeof SlaTarget>;

export const SlaTargetRequest = SlaTargets.extend({ priority: TicketPriority });
export type SlaTargetRequest = z.infer<typeof SlaTargetRequest>;

export const QueueStaff = z.strictObject({ id: Id, name: z.string(), officeId: Id.nullable(), active: z.boolean() });
export type QueueStaff = z.infer<typeof QueueStaff>;

export const AdminQueue = z.strictObject({
  id: Id,
  code: z.string(),
  name: LocalizedText,
  rank: z.number().int(),
  /** The rank now: a peak's override while one is in force, else `rank`. */
  effectiveRank: z.number().int(),
  defaultPriority: TicketPriority,
  /** An inactive queue takes no new tickets; those already in it are still served. */
  active: z.boolean(),
  supervisor: QueueStaff.nullable(),
  members: z.array(QueueStaff),
  /** Every priority's targets for this queue, in the order of `TicketPriority`. */
  sla: z.array(SlaTarget),
  /** Its open tickets, which stay served after it is deactivated. */
  openTickets: z.number().int(),
});
export type AdminQueue = z.infer<typeof AdminQueue>;

export const AdminQueues = z.strictObject({
  queues: z.array(AdminQueue),
  /** The targets of every queue without its own row for a priority. */
  slaDefaults: z.array(SlaTarget),
});
export type AdminQueues = z.infer<typeof AdminQueues>;

/** A queue's own fields: names, rank and default priority. */
export const QueueFields = z.strictObject({ name: LocalizedLine, rank: QueueRank, defaultPriority: TicketPriority });
export type QueueFields = z.infer<typeof QueueFields>;

export const NewQueue = QueueFields.extend({ code: QueueCode, supervisorId: Id.nullable().default(null) });
export type NewQueue = z.infer<typeof NewQueue>;

export const QueueActiveRequest = z.strictObject({ active: z.boolean() });
/** The whole list of its permanent members at once: active clerks. */
export const QueueMembersRequest = z.strictObject({ staffIds: z.array(Id).max(200) });
export type QueueMembersRequest = z.infer<typeof QueueMembersRequest>;
/** Whom its tickets are escalated to before a breach; null for nobody. */
export const QueueSupervisorRequest = z.strictObject({ staffId: Id.nullable() });
export type QueueSupervisorRequest = z.infer<typeof QueueSupervisorRequest>;

export const QueuePriorityParams = z.strictObject({ id: Id, priority: TicketPriority });

/** The longest a peak may last, first and last days included: a season. */
export const PEAK_MAX_DAYS = 92;

export const NewPeak = z.strictObject({
  queueId: Id,
  /** Local dates of the office, both included. */
  from: IsoDate,
  to: IsoDate,
  reason: z.string().trim().min(1).max(200),
  /** Clerks of the office who serve the queue as its members while the peak lasts. */
  clerkIds: z.array(Id).max(50).default([]),
  /** The queue's rank while the peak lasts; null keeps its own. */
  rank: QueueRank.nullable().default(null),
});
export type NewPeak = z.input<typeof NewPeak>;
export type ParsedNewPeak = z.output<typeof NewPeak>;

export const PeakState = z.enum(['upcoming', 'in_force', 'over']);
export type PeakState = z.infer<typeof PeakState>;

export const Peak = z.strictObject({
  id: Id,
  officeId: Id,
  queue: z.strictObject({ id: Id, code: z.string(), name: LocalizedText, rank: z.number().int() }),
  from: IsoDate,
  to: IsoDate,
  reason: z.string(),
  rank: z.number().int().nullable(),
  clerks: z.array(z.strictObject({ id: Id, name: z.string() })),
  state: PeakState,
  createdBy: z.string().nullable(),
});
export type Peak = z.infer<typeof Peak>;
export const PeakList = z.array(Peak);

/**
 * What removing a peak did: one that had not started (or started today) is deleted; one already
 * in force since an earlier day ends, its last day yesterday, so that what it did stays on record.
 */
export const PeakRemoval = z.strictObject({ outcome: z.enum(['deleted', 'ended']), peaks: PeakList });
export type PeakRemoval = z.infer<typeof PeakRemoval>;
