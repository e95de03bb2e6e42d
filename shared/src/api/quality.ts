import { z } from 'zod';
import { TicketChannel, TicketPriority } from '../tickets';
import { Id, IsoDate } from './common';

/*
 * Quality indicators (issue 15): what schedulers and managers watch. Every figure is computed by
 * SQL over the stored events (tickets, sessions, the live queue, surveys and the audit trail) for
 * a period of local days in the office's time zone, filtered by office, queue, procedure and
 * priority. A rate is a share from 0 to 1, or null when there is nothing to divide by; a duration
 * is in seconds, or null without samples.
 */

/** The longest period one report covers. */
export const QUALITY_MAX_DAYS = 366;

export const QualityQuery = z
  .strictObject({
    from: IsoDate,
    to: IsoDate,
    officeId: Id.optional(),
    queueId: Id.optional(),
    serviceId: Id.optional(),
    priority: TicketPriority.optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'The period ends before it starts.', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < QUALITY_MAX_DAYS, {
    message: `A report covers at most ${QUALITY_MAX_DAYS} days.`,
    path: ['to'],
  });
export type QualityQuery = z.infer<typeof QualityQuery>;

const Rate = z.number().min(0).max(1).nullable();
const Seconds = z.number().nullable();

export const DurationStats = z.strictObject({
  samples: z.number().int(),
  p50Seconds: Seconds,
  p90Seconds: Seconds,
  meanSeconds: Seconds,
});
export type DurationStats = z.infer<typeof DurationStats>;

export const QualityReport = z.strictObject({
  from: IsoDate,
  to: IsoDate,
  /** The time zone the days are counted in: the office's, or the council's with no office chosen. */
  timeZone: z.string(),
  /** Contacts (tickets) that came in, per local day and channel; days and channels without any are left out. */
  contactsPerDay: z.array(z.strictObject({ day: IsoDate, channel: TicketChannel, contacts: z.number().int() })),
  contacts: z.number().int(),
  /** From asking or checking in (or the booked start, if later) until a clerk attends. */
  wait: DurationStats,
  /** A finished session, from its start to its end. */
  handling: DurationStats,
  /** Booked appointments that ended as done or no-show; the share of no-shows. */
  noShow: z.strictObject({ ended: z.number().int(), noShows: z.number().int(), rate: Rate }),
  /** Of the tickets that came in and were resolved: those solved in one session and never reopened. */
  firstContactResolution: z.strictObject({ resolved: z.number().int(), firstContact: z.number().int(), rate: Rate }),
  /** From a callback request until the clerk calls back. */
  callbacks: z.strictObject({ requested: z.number().int(), completed: z.number().int(), turnaround: DurationStats }),
  /** The satisfaction surveys answered for the tickets that came in. */
  csat: z.strictObject({
    answers: z.number().int(),
    mean: z.number().nullable(),
    /** Ratings 1 to 5, each with its count (zeros included). */
    distribution: z.array(z.strictObject({ rating: z.number().int(), count: z.number().int() })),
    solvedRate: Rate,
  }),
  /** Per priority (all four, in order): the service level and the SLA clocks kept. */
  sla: z.array(
    z.strictObject({
      priority: TicketPriority,
      /** The live queue's service level: attended within `answerTargetSeconds`, of those attended or who gave up. */
      answerTargetSeconds: z.number().int(),
      answerable: z.number().int(),
      answeredInTarget: z.number().int(),
      answeredRate: Rate,
      /** Tickets whose time to own has run out or stopped, and those owned in time. */
      owned: z.number().int(),
      ownedInTime: z.number().int(),
      ownedRate: Rate,
      /** Tickets whose time to resolve has run out or stopped, and those resolved in time. */
      resolved: z.number().int(),
      resolvedInTime: z.number().int(),
      resolvedRate: Rate,
    }),
  ),
});
export type QualityReport = z.infer<typeof QualityReport>;
