import { z } from 'zod';
import {
  ManualTicketChannel,
  NoteVisibility,
  STAFF_TICKET_ACTIONS,
  ThirdPartyKind,
  TicketChannel,
  TicketPriority,
  TicketStatus,
} from '../tickets';
import { Id, IsoDateTime, LanguageSchema, LocalizedText, PersonName } from './common';

/*
 * The single window's tickets (issue 15): the REST shapes clerks and citizens see. Every contact
 * is a ticket in a queue, with a priority, an owner once someone takes it, its sessions, notes,
 * links to third parties, SLA clocks and a timeline built from the one audit trail.
 */

export const Queue = z.strictObject({
  id: Id,
  code: z.string(),
  name: LocalizedText,
  /** Lower ranks are served first: Hisenda, Guàrdia Urbana and the OAC rank 1. */
  rank: z.number().int(),
  defaultPriority: TicketPriority,
  /** Whether the logged-in clerk belongs to it. */
  member: z.boolean(),
});
export type Queue = z.infer<typeof Queue>;
export const QueueList = z.array(Queue);

export const SlaState = z.enum(['ok', 'at_risk', 'breached', 'met']);
export type SlaState = z.infer<typeof SlaState>;

export const SlaClockView = z.strictObject({
  dueAt: IsoDateTime.nullable(),
  state: SlaState,
  /** Business minutes left, negative once breached; null when the clock has stopped or cannot reach its due time. */
  remainingMinutes: z.number().int().nullable(),
});
export const SlaView = z.strictObject({ own: SlaClockView, resolve: SlaClockView, escalatedAt: IsoDateTime.nullable() });
export type SlaView = z.infer<typeof SlaView>;

export const TicketSummary = z.strictObject({
  id: Id,
  number: z.string(),
  status: TicketStatus,
  channel: TicketChannel,
  priority: TicketPriority,
  queue: z.strictObject({ id: Id, code: z.string(), name: LocalizedText }).nullable(),
  /** The procedure of the catalogue, or null: uncatalogued. */
  service: z.strictObject({ id: Id, code: z.string(), name: LocalizedText }).nullable(),
  office: z.strictObject({ id: Id, name: LocalizedText }),
  subject: z.string(),
  citizenName: z.string(),
  citizenEmail: z.string().nullable(),
  owner: z.strictObject({ id: Id, name: z.string() }).nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  sla: SlaView,
});
export type TicketSummary = z.infer<typeof TicketSummary>;
export const TicketList = z.strictObject({ tickets: z.array(TicketSummary), total: z.number().int() });
export type TicketList = z.infer<typeof TicketList>;

export const TicketView = z.enum(['mine', 'queues', 'all']);
export const SlaRiskFilter = z.enum(['at_risk', 'breached']);
export const TicketQuery = z.strictObject({
  /** mine: the clerk's own; queues: the open tickets of the clerk's queues; all: search everything the person may see. */
  view: TicketView.default('mine'),
  q: z.string().trim().max(200).optional(),
  status: TicketStatus.optional(),
  queueId: Id.optional(),
  sla: SlaRiskFilter.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TicketQuery = z.input<typeof TicketQuery>;
export type ParsedTicketQuery = z.output<typeof TicketQuery>;

export const TicketNote = z.strictObject({
  id: Id,
  visibility: NoteVisibility,
  body: z.string(),
  author: z.string(),
  /** The citizen's own answer from their private page. */
  fromCitizen: z.boolean(),
  createdAt: IsoDateTime,
});
export type TicketNote = z.infer<typeof TicketNote>;

export const ThirdPartyLink = z.strictObject({
  id: Id,
  kind: ThirdPartyKind,
  party: z.string(),
  waitingFor: z.string(),
  createdAt: IsoDateTime,
  resolvedAt: IsoDateTime.nullable(),
});
export type ThirdPartyLink = z.infer<typeof ThirdPartyLink>;

export const TicketSession = z.strictObject({
  appointmentId: Id,
  channel: z.string(),
  status: z.string(),
  startsAt: IsoDateTime,
  clerkName: z.string().nullable(),
});

/** One line of the ticket's history, from the audit trail. */
export const TimelineEntry = z.strictObject({
  at: IsoDateTime,
  /** The audit action: `ticket.taken`, `appointment.checked_in`, `document.stamped`, … */
  action: z.string(),
  actor: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const TicketDetail = TicketSummary.extend({
  citizenPhone: z.string().nullable(),
  language: LanguageSchema,
  notes: z.array(TicketNote),
  links: z.array(ThirdPartyLink),
  sessions: z.array(TicketSession),
  timeline: z.array(TimelineEntry),
  /** The actions that can succeed now (the state machine's), for the clerk's buttons. */
  actions: z.array(z.enum(STAFF_TICKET_ACTIONS)),
  /** Whether the logged-in staff member may change it (admins read only). */
  canChange: z.boolean(),
  survey: z.lazy(() => SurveyView).nullable(),
});
export type TicketDetail = z.infer<typeof TicketDetail>;

const Text = (max: number) => z.string().trim().min(1).max(max);

/** A contact registered by hand: a phone call, a visit at the desk, an e-mail or a chat. */
export const NewTicketRequest = z.strictObject({
  channel: ManualTicketChannel,
  /** A procedure of the catalogue, or null for an uncatalogued matter. */
  serviceId: Id.nullable(),
  /** Defaults to the procedure's queue. */
  queueId: Id.optional(),
  priority: TicketPriority.optional(),
  subject: Text(200),
  citizenName: PersonName,
  citizenEmail: z.email().max(254).nullable(),
  citizenPhone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ]{6,20}$/, 'A phone number: digits and spaces, an optional leading +.')
    .nullable(),
  language: LanguageSchema.default('ca'),
  /** Take it at once (the clerk is attending the citizen now). */
  take: z.boolean().default(true),
});
export type NewTicketRequest = z.input<typeof NewTicketRequest>;
export type ParsedNewTicketRequest = z.output<typeof NewTicketRequest>;

export const TicketActionRequest = z.strictObject({ action: z.enum(STAFF_TICKET_ACTIONS) });
export type TicketActionRequest = z.infer<typeof TicketActionRequest>;

export const ClassifyRequest = z.strictObject({ serviceId: Id.nullable(), priority: TicketPriority });
export type ClassifyRequest = z.infer<typeof ClassifyRequest>;

export const RerouteRequest = z.strictObject({ queueId: Id, reason: Text(500) });
export type RerouteRequest = z.infer<typeof RerouteRequest>;

export const NoteRequest = z.strictObject({ visibility: NoteVisibility, body: Text(4000) });
export type NoteRequest = z.infer<typeof NoteRequest>;

export const LinkRequest = z.strictObject({ kind: ThirdPartyKind, party: Text(200), waitingFor: Text(500) });
export type LinkRequest = z.infer<typeof LinkRequest>;

export const TicketLinkParams = z.strictObject({ id: Id, linkId: Id });

/** What the citizen sees of their ticket on their private page: its state and the notes meant for them. */
export const CitizenTicket = z.strictObject({
  number: z.string(),
  status: TicketStatus,
  notes: z.array(z.strictObject({ body: z.string(), createdAt: IsoDateTime, fromCitizen: z.boolean() })),
  /** The satisfaction survey, once the ticket is resolved and the sampling picked it. */
  survey: z.lazy(() => SurveyView).nullable(),
});

/** The satisfaction survey's answer: a rating from 1 to 5, whether the procedure was solved, a comment. */
export const SurveyAnswer = z.strictObject({
  /** The ticket the answer is for: it must be the citizen's own. */
  ticketNumber: z.string().max(40),
  /** 1 to 5; checked by the server, with its own code. */
  rating: z.number().int(),
  solved: z.boolean(),
  comment: z.string().trim().max(2000).nullable(),
});
export type SurveyAnswer = z.infer<typeof SurveyAnswer>;

export const SurveyView = z.strictObject({
  state: z.enum(['open', 'answered']),
  rating: z.number().int().nullable(),
  solved: z.boolean().nullable(),
  comment: z.string().nullable(),
  answeredAt: IsoDateTime.nullable(),
});
export type SurveyView = z.infer<typeof SurveyView>;

/** The citizen's answer on their private page. */
export const CitizenReplyRequest = z.strictObject({ body: z.string().trim().min(1).max(4000) });
export type CitizenReplyRequest = z.infer<typeof CitizenReplyRequest>;
export type CitizenTicket = z.infer<typeof CitizenTicket>;
