import { z } from 'zod';
import { TicketPriority } from '../tickets';
import { Id, IsoDateTime, LanguageSchema, LocalizedText, PersonName } from './common';

/*
 * "Attend me now" (issue 15): a citizen asks to be attended without an appointment, waits in the
 * procedure's queue with a live position and a wait range, or leaves a callback request; a clerk
 * who is available is offered the next citizen (priority first, then arrival) and accepts.
 */

/**
 * How a citizen is attended: a video call, or chat help, a text chat for someone stuck in an online
 * procedure of the Oficina Virtual. Both wait in the same line; a chat's clerk may turn it into a
 * video call (then its appointment's mode is `video`).
 */
export const CallMode = z.enum(['video', 'chat']);
export type CallMode = z.infer<typeof CallMode>;

export const LiveRequest = z.strictObject({
  serviceId: Id,
  name: PersonName,
  email: z.email().max(254),
  language: LanguageSchema,
  mode: CallMode.default('video'),
});
export type LiveRequest = z.infer<typeof LiveRequest>;

export const LiveEntryStatus = z.enum(['waiting', 'offered', 'serving', 'left', 'done']);
export type LiveEntryStatus = z.infer<typeof LiveEntryStatus>;

export const WaitRange = z.strictObject({
  /** For display: whole minutes (5-minute steps above 20). */
  lowMinutes: z.number().int(),
  highMinutes: z.number().int(),
  /** The estimate before rounding, for measuring it. */
  lowSeconds: z.number().int(),
  highSeconds: z.number().int(),
  basis: z.enum(['erlang_c', 'aht', 'no_agents', 'default_aht']),
});
export type WaitRange = z.infer<typeof WaitRange>;

export const CallbackChannel = z.enum(['video_link', 'phone']);
export type CallbackChannel = z.infer<typeof CallbackChannel>;

/** What the citizen's waiting page shows. */
export const LiveStatus = z.strictObject({
  status: LiveEntryStatus,
  /** What the citizen asked for. */
  mode: CallMode,
  ticketNumber: z.string(),
  queue: LocalizedText,
  service: LocalizedText,
  /** 1 for the next citizen to be served; null once served or gone. */
  position: z.number().int().nullable(),
  wait: WaitRange.nullable(),
  /** Whether to offer a callback: the wait is long, or nobody of the queue is on duty. */
  callbackSuggested: z.boolean(),
  callback: z.strictObject({ channel: CallbackChannel, from: IsoDateTime, to: IsoDateTime }).nullable(),
  /** The call, once a clerk accepted: the same private token opens it. */
  appointmentId: Id.nullable(),
  /** A page closed longer than this loses its place. */
  graceSeconds: z.number().int(),
});
export type LiveStatus = z.infer<typeof LiveStatus>;

export const LiveRequestResponse = z.strictObject({ token: z.string(), status: LiveStatus });
export type LiveRequestResponse = z.infer<typeof LiveRequestResponse>;

export const CallbackRequest = z
  .strictObject({
    channel: CallbackChannel,
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ]{6,20}$/, 'A phone number: digits and spaces, an optional leading +.')
      .nullable(),
    from: IsoDateTime,
    to: IsoDateTime,
  })
  .refine((c) => Date.parse(c.to) > Date.parse(c.from), { path: ['to'], message: 'The window must end after it starts.' })
  .refine((c) => c.channel !== 'phone' || c.phone, { path: ['phone'], message: 'A phone callback needs a number.' });
export type CallbackRequest = z.infer<typeof CallbackRequest>;

export const PresenceStatus = z.enum(['available', 'away']);
export type PresenceStatus = z.infer<typeof PresenceStatus>;
export const PresenceRequest = z.strictObject({ status: PresenceStatus });

/** The citizen offered to a clerk, to accept or decline before `expiresAt`. */
export const LiveOffer = z.strictObject({
  entryId: Id,
  ticketId: Id,
  ticketNumber: z.string(),
  citizenName: z.string(),
  language: LanguageSchema,
  service: LocalizedText,
  queue: LocalizedText,
  priority: TicketPriority,
  /** A video call, or chat help: the clerk knows before accepting. */
  mode: CallMode,
  waitedSeconds: z.number().int(),
  expiresAt: IsoDateTime,
  callback: z.strictObject({ channel: CallbackChannel, phone: z.string().nullable(), from: IsoDateTime, to: IsoDateTime }).nullable(),
});
export type LiveOffer = z.infer<typeof LiveOffer>;

export const LiveDesk = z.strictObject({
  presence: PresenceStatus,
  /** Whether the clerk is in a call now (then nobody is offered to them). */
  inCall: z.boolean(),
  offer: LiveOffer.nullable(),
  /** A phone callback the clerk accepted and has not yet recorded the outcome of. */
  phoneCall: LiveOffer.nullable(),
  /** Citizens waiting in each of the clerk's queues. */
  queues: z.array(
    z.strictObject({ id: Id, code: z.string(), name: LocalizedText, waiting: z.number().int(), callbacks: z.number().int() }),
  ),
});
export type LiveDesk = z.infer<typeof LiveDesk>;

export const AcceptedOffer = z.strictObject({ appointmentId: Id.nullable(), ticketId: Id });
export type AcceptedOffer = z.infer<typeof AcceptedOffer>;

export const CallbackOutcome = z.enum(['reached', 'not_reached']);
export const CallbackDoneRequest = z.strictObject({ outcome: CallbackOutcome });

/*
 * The live namespace (`/live`) of the socket server: a waiting page connects with its token and
 * is pushed its status whenever its queue moves; a clerk connects with their session and is pushed
 * their desk whenever an offer is made, expires or is answered. The REST routes stay the source of
 * truth (and the fallback): the pushes carry the same shapes.
 */
export const LIVE_NAMESPACE = '/live';
export const LiveSocketAuth = z.object({ liveToken: z.string().max(200).optional() });
export const LivePush = { status: 'live:status', desk: 'live:desk' } as const;
export interface LiveServerToClient {
  'live:status': (status: LiveStatus) => void;
  'live:desk': (desk: LiveDesk) => void;
}
