import { z } from 'zod';
import type { AckCallback } from './ack';
import { IsoDateTime } from './api/common';
import { DocumentInfo } from './api/documents';
import { CallMode } from './api/live';
import { StaffAppointment } from './api/staff';
import { AppointmentStatus } from './lifecycle';
import { TicketStatus } from './tickets';
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
  admit: 'call:admit',
  returnToLobby: 'call:return_to_lobby',
  setDevices: 'call:set_devices',
  restartIce: 'call:restart_ice',
  setConsumerLayers: 'call:set_consumer_layers',
  chatSend: 'chat:send',
  switchToVideo: 'call:switch_to_video',
  reportJoinTime: 'call:report_join_time',
  createTransport: 'call:create_transport',
  connectTransport: 'call:connect_transport',
  produce: 'call:produce',
  consume: 'call:consume',
  resumeConsumer: 'call:resume_consumer',
  setProducerPaused: 'call:set_producer_paused',
  leave: 'call:leave',
  peerJoined: 'call:peer_joined',
  peerUpdated: 'call:peer_updated',
  peerLeft: 'call:peer_left',
  admitted: 'call:admitted',
  returnedToLobby: 'call:returned_to_lobby',
  takenOver: 'call:taken_over',
  lobby: 'call:lobby',
  chatMessage: 'chat:message',
  modeChanged: 'call:mode_changed',
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
  /** A ticket changed: the lists and the ticket's page that show it read it again. */
  ticketChanged: 'tickets:changed',
} as const;

/** What a ticket's push says: which one, and where it stands; the page reads the rest through its REST route. */
export const TicketPush = z.object({ id: z.string(), number: z.string(), status: TicketStatus });
export type TicketPush = z.infer<typeof TicketPush>;

export const PeerRole = z.enum(['citizen', 'clerk']);
export type PeerRole = z.infer<typeof PeerRole>;

/** Ids the server made (mediasoup's and ours); a client can only echo them back. */
const Id = z.string().min(1).max(64);

export const ProducerInfo = z.object({ producerId: z.string(), kind: MediaKind, paused: z.boolean() });
export type ProducerInfo = z.infer<typeof ProducerInfo>;

/** Where a peer is: waiting in the lobby, or admitted to the call (the clerk always is). */
export const PeerStage = z.enum(['lobby', 'admitted']);
export type PeerStage = z.infer<typeof PeerStage>;

/**
 * Whether a camera or microphone can be used, as a closed set a person can act on (after LiveKit's
 * MediaDeviceFailure): the other side is told "no microphone", not "muted".
 */
export const DeviceStatus = z.enum(['ok', 'permission_denied', 'not_found', 'in_use', 'other']);
export type DeviceStatus = z.infer<typeof DeviceStatus>;
export const Devices = z.strictObject({ audio: DeviceStatus, video: DeviceStatus });
export type Devices = z.infer<typeof Devices>;

export const PeerInfo = z.object({
  peerId: z.string(),
  role: PeerRole,
  name: z.string(),
  stage: PeerStage,
  /** Since when the peer has been in its stage: how long a citizen has waited. */
  since: IsoDateTime,
  devices: Devices,
  producers: z.array(ProducerInfo),
});
export type PeerInfo = z.infer<typeof PeerInfo>;

/** The clerk's presence, as a waiting citizen sees it. */
export const ClerkPresence = z.enum(['online', 'in_another_call', 'away', 'offline']);
export type ClerkPresence = z.infer<typeof ClerkPresence>;

/** What a citizen waiting in the lobby sees: the clerk's own message (null: the standard one) and presence. */
export const LobbyInfo = z.object({
  message: z.string().nullable(),
  clerk: z.object({ name: z.string().nullable(), presence: ClerkPresence }),
});
export type LobbyInfo = z.infer<typeof LobbyInfo>;

/** The longest chat message, in characters. */
export const CHAT_MAX_LENGTH = 1000;

export const ChatMessage = z.object({
  id: z.string(),
  role: PeerRole,
  name: z.string(),
  /** Plain text: never rendered as HTML, and only links to the platform itself are clickable. */
  text: z.string(),
  sentAt: IsoDateTime,
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** An ICE server as RTCPeerConnection takes it; TURN credentials are short-lived (the TURN REST API scheme). */
export const IceServer = z.object({
  urls: z.array(z.string()),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServer>;

export const JoinRequest = z.strictObject({
  appointmentId: z.uuid(),
  /** What this browser could get of its camera and microphone; the other side is told. */
  devices: Devices.optional(),
});
export type JoinRequest = z.infer<typeof JoinRequest>;
export const JoinResult = z.object({
  peerId: z.string(),
  role: PeerRole,
  stage: PeerStage,
  /** `chat`: chat help, with no camera, microphone or transport until the clerk turns it into video. */
  mode: CallMode,
  /** Empty in a chat: the media side is not opened for it. */
  routerRtpCapabilities: RtpCapabilities,
  iceServers: z.array(IceServer),
  iceTransportPolicy: z.enum(['all', 'relay']),
  /** The peers this one may know of: nobody while waiting in the lobby. */
  peers: z.array(PeerInfo),
  lobby: LobbyInfo,
  /** The call's chat so far, oldest first. */
  chat: z.array(ChatMessage),
});
export type JoinResult = z.infer<typeof JoinResult>;

export const PeerRequest = z.strictObject({ peerId: Id });
export const RestartIceRequest = z.strictObject({ transportId: Id });
export const RestartIceResult = z.object({ iceParameters: z.looseObject({}) });
export const SetConsumerLayersRequest = z.strictObject({ consumerId: Id, spatialLayer: z.number().int().min(0).max(2) });
export const ChatSendRequest = z.strictObject({ text: z.string().trim().min(1).max(CHAT_MAX_LENGTH) });
export type SetConsumerLayersRequest = z.infer<typeof SetConsumerLayersRequest>;

export const CreateTransportRequest = z.strictObject({ direction: TransportDirection });
export const ConnectTransportRequest = z.strictObject({ transportId: Id, dtlsParameters: DtlsParameters });
export const ProduceRequest = z.strictObject({ transportId: Id, kind: MediaKind, rtpParameters: RtpParameters });
export const ProduceResult = z.object({ producerId: z.string() });
export const ConsumeRequest = z.strictObject({ producerId: Id, rtpCapabilities: RtpCapabilities });
export const ResumeConsumerRequest = z.strictObject({ consumerId: Id });
export const SetProducerPausedRequest = z.strictObject({ producerId: Id, paused: z.boolean() });
/** `leave` takes any payload (an empty object by convention): there is nothing in it to read. */
export const LeaveRequest = z.unknown();
export const SwitchToVideoRequest = z.strictObject({});
/** How long the browser took from pressing Join (or being let in) to the first remote video: for the metrics (issue 17). */
export const JoinTimeReport = z.strictObject({
  ms: z.number().int().min(0).max(600_000),
  browser: z.enum(['chromium', 'firefox', 'safari', 'other']),
});
export type JoinTimeReport = z.infer<typeof JoinTimeReport>;
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
  [CallEvent.admit]: { request: PeerRequest, result: Done },
  [CallEvent.returnToLobby]: { request: PeerRequest, result: Done },
  [CallEvent.setDevices]: { request: Devices, result: Done },
  [CallEvent.restartIce]: { request: RestartIceRequest, result: RestartIceResult },
  [CallEvent.setConsumerLayers]: { request: SetConsumerLayersRequest, result: Done },
  [CallEvent.chatSend]: { request: ChatSendRequest, result: ChatMessage },
  /** The clerk turns chat help into a video call (issue 15). */
  [CallEvent.switchToVideo]: { request: SwitchToVideoRequest, result: Done },
  [CallEvent.reportJoinTime]: { request: JoinTimeReport, result: Done },
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
  /** A peer's stage or devices changed (the clerk admitted the citizen, a microphone was allowed). */
  [CallEvent.peerUpdated]: PeerInfo,
  /** `connection_lost`: the peer's connection dropped; it usually comes back within seconds. */
  [CallEvent.peerLeft]: z.object({ peerId: z.string(), reason: z.enum(['left', 'connection_lost']) }),
  /** To a waiting citizen: the clerk let them in; here is who is in the call. */
  [CallEvent.admitted]: z.object({ peers: z.array(PeerInfo) }),
  /** To an admitted citizen: the clerk sent them back to wait; their media has stopped. */
  [CallEvent.returnedToLobby]: z.object({ lobby: LobbyInfo }),
  /** To a socket whose place in the call another window or device of the same person took. */
  [CallEvent.takenOver]: z.object({}),
  /** To a waiting citizen: the clerk's message or presence changed. */
  [CallEvent.lobby]: LobbyInfo,
  [CallEvent.chatMessage]: ChatMessage,
  /** To everyone in the call: chat help became a video call; join again with the camera and microphone. */
  [CallEvent.modeChanged]: z.object({ mode: CallMode }),
  [CallEvent.newProducer]: ProducerInfo.extend({ peerId: z.string() }),
  [CallEvent.producerClosed]: z.object({ producerId: z.string() }),
  [CallEvent.producerPaused]: z.object({ producerId: z.string(), paused: z.boolean() }),
  [CallEvent.documentAdded]: DocumentInfo,
  /** The media side of the call was lost (a media worker died): join again to get new transports. */
  [CallEvent.restart]: z.object({ reason: z.literal('media_restarted') }),
  /** The appointment closed (ended by the clerk, cancelled): the call is over for everyone in it. */
  [CallEvent.ended]: z.object({ status: AppointmentStatus }),
  [AgendaEvent.changed]: StaffAppointment,
  [AgendaEvent.ticketChanged]: TicketPush,
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
