import { z } from 'zod';
import type { AckCallback } from './ack';
import { DocumentInfo } from './api/documents';
import { StaffAppointment } from './api/staff';
import { AppointmentStatus } from './lifecycle';
import { ConsumerOptions, DtlsParameters, MediaKind, RtpCapabilities, RtpParameters, TransportDirection, TransportOptions } from './media';

/*
 * The socket protocol between browser and server, declared once. Each request is an entry of
 * `CallRequests` (event → request schema → result schema) and each broadcast an entry of
 * `CallBroadcasts` (event → payload schema). The socket.io event maps, the client's `request()`,
 * the server's handler table and its broadcasts are all typed from these two maps, so a new event
 * is one entry here.
 */

/** The socket.io event names between browser and server. Never write one inline. */
export const CallEvent = {
  join: 'call:join',
  createTransport: 'call:create_transport',
  connectTransport: 'call:connect_transport',
  produce: 'call:produce',
  consume: 'call:consume',
  resumeConsumer: 'call:resume_consumer',
  setProducerPaused: 'call:set_producer_paused',
  leave: 'call:leave',
  peerJoined: 'call:peer_joined',
  peerLeft: 'call:peer_left',
  newProducer: 'call:new_producer',
  producerClosed: 'call:producer_closed',
  producerPaused: 'call:producer_paused',
  documentAdded: 'documents:added',
  restart: 'call:restart',
  ended: 'call:ended',
} as const;

/** Live agenda: every change of an appointment a staff member may see reaches their open pages. */
export const AgendaEvent = {
  changed: 'agenda:changed',
} as const;

export const PeerRole = z.enum(['citizen', 'clerk']);
export type PeerRole = z.infer<typeof PeerRole>;

/** Ids the server made (mediasoup's and ours); a client can only echo them back. */
const Id = z.string().min(1).max(64);

export const ProducerInfo = z.object({ producerId: z.string(), kind: MediaKind, paused: z.boolean() });
export type ProducerInfo = z.infer<typeof ProducerInfo>;

export const PeerInfo = z.object({
  peerId: z.string(),
  role: PeerRole,
  name: z.string(),
  producers: z.array(ProducerInfo),
});
export type PeerInfo = z.infer<typeof PeerInfo>;

export const JoinRequest = z.strictObject({ appointmentId: z.uuid() });
export type JoinRequest = z.infer<typeof JoinRequest>;
export const JoinResult = z.object({
  peerId: z.string(),
  role: PeerRole,
  routerRtpCapabilities: RtpCapabilities,
  peers: z.array(PeerInfo),
});
export type JoinResult = z.infer<typeof JoinResult>;

export const CreateTransportRequest = z.strictObject({ direction: TransportDirection });
export const ConnectTransportRequest = z.strictObject({ transportId: Id, dtlsParameters: DtlsParameters });
export const ProduceRequest = z.strictObject({ transportId: Id, kind: MediaKind, rtpParameters: RtpParameters });
export const ProduceResult = z.object({ producerId: z.string() });
export const ConsumeRequest = z.strictObject({ producerId: Id, rtpCapabilities: RtpCapabilities });
export const ResumeConsumerRequest = z.strictObject({ consumerId: Id });
export const SetProducerPausedRequest = z.strictObject({ producerId: Id, paused: z.boolean() });
/** `leave` takes any payload (an empty object by convention): there is nothing in it to read. */
export const LeaveRequest = z.unknown();
const Done = z.null();

export type CreateTransportRequest = z.infer<typeof CreateTransportRequest>;
export type ConnectTransportRequest = z.infer<typeof ConnectTransportRequest>;
export type ProduceRequest = z.infer<typeof ProduceRequest>;
export type ConsumeRequest = z.infer<typeof ConsumeRequest>;
export type ResumeConsumerRequest = z.infer<typeof ResumeConsumerRequest>;
export type SetProducerPausedRequest = z.infer<typeof SetProducerPausedRequest>;

/** Every request a browser may make, with what it must send and what it gets back. */
export const CallRequests = {
  [CallEvent.join]: { request: JoinRequest, result: JoinResult },
  [CallEvent.createTransport]: { request: CreateTransportRequest, result: TransportOptions },
  [CallEvent.connectTransport]: { request: ConnectTransportRequest, result: Done },
  [CallEvent.produce]: { request: ProduceRequest, result: ProduceResult },
  [CallEvent.consume]: { request: ConsumeRequest, result: ConsumerOptions },
  [CallEvent.resumeConsumer]: { request: ResumeConsumerRequest, result: Done },
  [CallEvent.setProducerPaused]: { request: SetProducerPausedRequest, result: Done },
  [CallEvent.leave]: { request: LeaveRequest, result: Done },
} as const satisfies Record<string, { request: z.ZodType; result: z.ZodType }>;

export type CallRequestName = keyof typeof CallRequests;
/** What a handler receives once the payload has been parsed. */
export type CallRequestOf<E extends CallRequestName> = z.infer<(typeof CallRequests)[E]['request']>;
export type CallResultOf<E extends CallRequestName> = z.infer<(typeof CallRequests)[E]['result']>;
/** What a client sends for a request, before parsing (defaults not yet applied). */
export type CallPayloadOf<E extends CallRequestName> = z.input<(typeof CallRequests)[E]['request']>;

/** Everything the server tells the browsers in a call or on an agenda, with its payload. */
export const CallBroadcasts = {
  [CallEvent.peerJoined]: PeerInfo,
  [CallEvent.peerLeft]: z.object({ peerId: z.string() }),
  [CallEvent.newProducer]: ProducerInfo.extend({ peerId: z.string() }),
  [CallEvent.producerClosed]: z.object({ producerId: z.string() }),
  [CallEvent.producerPaused]: z.object({ producerId: z.string(), paused: z.boolean() }),
  [CallEvent.documentAdded]: DocumentInfo,
  /** The media side of the call was lost (a media worker died): join again to get new transports. */
  [CallEvent.restart]: z.object({ reason: z.literal('media_restarted') }),
  /** The appointment closed (ended by the clerk, cancelled): the call is over for everyone in it. */
  [CallEvent.ended]: z.object({ status: AppointmentStatus }),
  [AgendaEvent.changed]: StaffAppointment,
} as const satisfies Record<string, z.ZodType>;

export type CallBroadcastName = keyof typeof CallBroadcasts;
export type CallBroadcastOf<E extends CallBroadcastName> = z.infer<(typeof CallBroadcasts)[E]>;

/** Payloads are `unknown` on purpose: the server parses each one with its schema above before use. */
export type ClientToServerEvents = {
  [E in CallRequestName]: (payload: unknown, ack: AckCallback<CallResultOf<E>>) => void;
};

export type ServerToClientEvents = {
  [E in CallBroadcastName]: (payload: CallBroadcastOf<E>) => void;
};

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InterServerEvents {}

/** Who is calling, over HTTP or a socket: a citizen through their private token, or a staff member. */
export type Principal =
  | { kind: 'citizen'; appointmentId: string; name: string }
  | { kind: 'staff'; userId: string; name: string; role: 'clerk' | 'scheduler' | 'admin'; officeId: string | null; email: string };

export interface SocketData {
  principal: Principal;
  /** Set once the socket has joined a call. */
  call?: { appointmentId: string; peerId: string; role: PeerRole };
  /** A staff socket's session: its hash, to close the socket when the session ends, and its expiry (epoch ms). */
  session?: { tokenHash: string; expiresAt: number };
}

/** The handshake a citizen sends; staff authenticate with their session cookie instead. */
export const SocketAuth = z.object({ appointmentToken: z.string().max(200).optional() });
