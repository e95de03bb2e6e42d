import { z } from 'zod';
import type { AckCallback } from './ack';
import { type DocumentInfo } from './api/documents';
import { type StaffAppointment } from './api/staff';
import { type AppointmentStatus } from './lifecycle';
import {
  type ConsumerOptions,
  DtlsParameters,
  MediaKind,
  RtpCapabilities,
  RtpParameters,
  TransportDirection,
  type TransportOptions,
} from './media';

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
export const ConnectTransportRequest = z.strictObject({ transportId: z.string().max(64), dtlsParameters: DtlsParameters });
export const ProduceRequest = z.strictObject({
  transportId: z.string().max(64),
  kind: MediaKind,
  rtpParameters: RtpParameters,
});
export const ConsumeRequest = z.strictObject({
  producerId: z.string().max(64),
  rtpCapabilities: RtpCapabilities,
});
export const ResumeConsumerRequest = z.strictObject({ consumerId: z.string().max(64) });
export const SetProducerPausedRequest = z.strictObject({ producerId: z.string().max(64), paused: z.boolean() });

export type CreateTransportRequest = z.infer<typeof CreateTransportRequest>;
export type ConnectTransportRequest = z.infer<typeof ConnectTransportRequest>;
export type ProduceRequest = z.infer<typeof ProduceRequest>;
export type ConsumeRequest = z.infer<typeof ConsumeRequest>;
export type ResumeConsumerRequest = z.infer<typeof ResumeConsumerRequest>;
export type SetProducerPausedRequest = z.infer<typeof SetProducerPausedRequest>;

/** Payloads are `unknown` on purpose: the server parses each one with the schema above before use. */
export interface ClientToServerEvents {
  [CallEvent.join]: (payload: unknown, ack: AckCallback<JoinResult>) => void;
  [CallEvent.createTransport]: (payload: unknown, ack: AckCallback<TransportOptions>) => void;
  [CallEvent.connectTransport]: (payload: unknown, ack: AckCallback<null>) => void;
  [CallEvent.produce]: (payload: unknown, ack: AckCallback<{ producerId: string }>) => void;
  [CallEvent.consume]: (payload: unknown, ack: AckCallback<ConsumerOptions>) => void;
  [CallEvent.resumeConsumer]: (payload: unknown, ack: AckCallback<null>) => void;
  [CallEvent.setProducerPaused]: (payload: unknown, ack: AckCallback<null>) => void;
  [CallEvent.leave]: (payload: unknown, ack: AckCallback<null>) => void;
}

export interface ServerToClientEvents {
  [CallEvent.peerJoined]: (peer: PeerInfo) => void;
  [CallEvent.peerLeft]: (payload: { peerId: string }) => void;
  [CallEvent.newProducer]: (payload: { peerId: string } & ProducerInfo) => void;
  [CallEvent.producerClosed]: (payload: { producerId: string }) => void;
  [CallEvent.producerPaused]: (payload: { producerId: string; paused: boolean }) => void;
  [CallEvent.documentAdded]: (doc: DocumentInfo) => void;
  /** The media side of the call was lost (a media worker died): join again to get new transports. */
  [CallEvent.restart]: (payload: { reason: 'media_restarted' }) => void;
  /** The appointment closed (ended by the clerk, cancelled): the call is over for everyone in it. */
  [CallEvent.ended]: (payload: { status: AppointmentStatus }) => void;
  [AgendaEvent.changed]: (appointment: StaffAppointment) => void;
}

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
