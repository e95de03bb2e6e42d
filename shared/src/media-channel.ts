import { z } from 'zod';
import type { AckCallback } from './ack';
import { ConsumerOptions, RtpCapabilities, TransportOptions } from './media';
import {
  ConnectTransportRequest,
  ConsumeRequest,
  CreateTransportRequest,
  ProduceRequest,
  ProduceResult,
  ResumeConsumerRequest,
  RestartIceRequest,
  RestartIceResult,
  SetConsumerLayersRequest,
  SetProducerPausedRequest,
} from './socket';

/*
 * The channel between the server and the media worker process. The media worker owns
 * mediasoup workers and routers and knows nothing of bookings, documents or tickets:
 * a room is an opaque id and a peer is an opaque id. It listens on a private port and
 * the server connects as a socket.io client, authenticated with a shared secret.
 */
export const MediaCommand = {
  ensureRoom: 'media:ensure_room',
  closeRoom: 'media:close_room',
  createTransport: 'media:create_transport',
  connectTransport: 'media:connect_transport',
  produce: 'media:produce',
  setProducerPaused: 'media:set_producer_paused',
  consume: 'media:consume',
  resumeConsumer: 'media:resume_consumer',
  closePeer: 'media:close_peer',
  stopPeerMedia: 'media:stop_peer_media',
  restartIce: 'media:restart_ice',
  setConsumerLayers: 'media:set_consumer_layers',
  status: 'media:status',
  createPlainTransport: 'media:create_plain_transport',
  connectPlainTransport: 'media:connect_plain_transport',
} as const;

export const MediaNotice = {
  producerClosed: 'media:producer_closed',
  roomClosed: 'media:room_closed',
} as const;

/** A room's command may carry the id of the server's request it serves, for the logs of both sides. */
const RoomRef = { roomId: z.string().min(1).max(64), requestId: z.string().max(128).optional() };
const PeerRef = { ...RoomRef, peerId: z.string().min(1).max(64) };

/*
 * A browser's request becomes the media worker's command with the room and the peer added: the
 * same schema, extended, so that the two cannot drift apart.
 */
export const EnsureRoom = z.strictObject(RoomRef);
export const CloseRoom = z.strictObject(RoomRef);
export const MediaCreateTransport = CreateTransportRequest.extend(PeerRef);
export const MediaConnectTransport = ConnectTransportRequest.extend(PeerRef);
export const MediaProduce = ProduceRequest.extend(PeerRef);
export const MediaSetProducerPaused = SetProducerPausedRequest.extend(PeerRef);
export const MediaConsume = ConsumeRequest.extend(PeerRef);
export const MediaResumeConsumer = ResumeConsumerRequest.extend(PeerRef);
export const ClosePeer = z.strictObject(PeerRef);
/** Closes what a peer sends and receives, and keeps its transports (a citizen sent back to the lobby). */
export const StopPeerMedia = z.strictObject(PeerRef);
export const MediaRestartIce = RestartIceRequest.extend(PeerRef);
export const MediaSetConsumerLayers = SetConsumerLayersRequest.extend(PeerRef);
export const MediaStatusRequest = z.strictObject({});
/**
 * A plain RTP transport, for a peer that is not a browser (a phone gateway, a recorder, the capacity
 * bench): RTP and RTCP on one UDP port (rtcp-mux), no ICE, no DTLS, no SRTP, so only for a trusted
 * network. It counts as the peer's transport for its direction, like a WebRTC one. A send transport
 * learns where its peer sends from with the first packet (comedia); a receive transport is told
 * where to send with `media:connect_plain_transport`. Producing and consuming go through the usual
 * `media:produce` and `media:consume`.
 */
export const MediaCreatePlainTransport = CreateTransportRequest.extend(PeerRef);
/** Where a plain receive transport sends RTP and RTCP to. */
export const MediaConnectPlainTransport = MediaConnectTransport.omit({ dtlsParameters: true }).extend({
  ip: z.union([z.ipv4(), z.ipv6()]),
  port: z.number().int().min(1).max(65535),
});

export type EnsureRoom = z.infer<typeof EnsureRoom>;
export type CloseRoom = z.infer<typeof CloseRoom>;
export type MediaCreateTransport = z.infer<typeof MediaCreateTransport>;
export type MediaConnectTransport = z.infer<typeof MediaConnectTransport>;
export type MediaProduce = z.infer<typeof MediaProduce>;
export type MediaSetProducerPaused = z.infer<typeof MediaSetProducerPaused>;
export type MediaConsume = z.infer<typeof MediaConsume>;
export type MediaResumeConsumer = z.infer<typeof MediaResumeConsumer>;
export type ClosePeer = z.infer<typeof ClosePeer>;
export type MediaCreatePlainTransport = z.infer<typeof MediaCreatePlainTransport>;
export type MediaConnectPlainTransport = z.infer<typeof MediaConnectPlainTransport>;

/** A plain transport's local end: where its peer sends RTP to (send) or where RTP comes from (recv). */
export const PlainTransportInfo = z.object({
  id: z.string(),
  ip: z.string(),
  port: z.number().int().min(1).max(65535),
  /** True for a send transport: it takes its peer's address from the first packet it receives. */
  comedia: z.boolean(),
  rtcpMux: z.literal(true),
});
export type PlainTransportInfo = z.infer<typeof PlainTransportInfo>;

const MediaCounts = { peers: z.number(), transports: z.number(), producers: z.number(), consumers: z.number() };
export const MediaStatus = z.object({
  /** Each live mediasoup worker: its rooms (routers), CPU time used (ms) and what its rooms hold. */
  workers: z.array(z.object({ pid: z.number(), rooms: z.number(), cpuMs: z.number(), ...MediaCounts })),
  rooms: z.number(),
  /** Peers, WebRTC transports, producers and consumers across every room. */
  ...MediaCounts,
  /** mediasoup workers that died (and were replaced) since the media worker started. */
  workerDeaths: z.number(),
});
export type MediaStatus = z.infer<typeof MediaStatus>;

const Done = z.null();

/** Server → media worker requests, each with its payload and the data of its `Ack`. */
export const MediaRequests = {
  [MediaCommand.ensureRoom]: { request: EnsureRoom, result: z.object({ rtpCapabilities: RtpCapabilities }) },
  [MediaCommand.closeRoom]: { request: CloseRoom, result: Done },
  [MediaCommand.createTransport]: { request: MediaCreateTransport, result: TransportOptions },
  [MediaCommand.connectTransport]: { request: MediaConnectTransport, result: Done },
  [MediaCommand.produce]: { request: MediaProduce, result: ProduceResult },
  [MediaCommand.setProducerPaused]: { request: MediaSetProducerPaused, result: Done },
  [MediaCommand.consume]: { request: MediaConsume, result: ConsumerOptions },
  [MediaCommand.resumeConsumer]: { request: MediaResumeConsumer, result: Done },
  [MediaCommand.closePeer]: { request: ClosePeer, result: Done },
  [MediaCommand.stopPeerMedia]: { request: StopPeerMedia, result: Done },
  [MediaCommand.restartIce]: { request: MediaRestartIce, result: RestartIceResult },
  [MediaCommand.setConsumerLayers]: { request: MediaSetConsumerLayers, result: Done },
  [MediaCommand.status]: { request: MediaStatusRequest, result: MediaStatus },
  [MediaCommand.createPlainTransport]: { request: MediaCreatePlainTransport, result: PlainTransportInfo },
  [MediaCommand.connectPlainTransport]: { request: MediaConnectPlainTransport, result: Done },
} as const satisfies Record<string, { request: z.ZodType; result: z.ZodType }>;

export type MediaCommandName = keyof typeof MediaRequests;
export type MediaCommandPayload<K extends MediaCommandName> = z.infer<(typeof MediaRequests)[K]['request']>;
export type MediaCommandResult<K extends MediaCommandName> = z.infer<(typeof MediaRequests)[K]['result']>;

/** The socket.io event map of the channel, typed from `MediaRequests`. */
export type MediaCommands = {
  [K in MediaCommandName]: (p: MediaCommandPayload<K>, ack: AckCallback<MediaCommandResult<K>>) => void;
};

/** Media worker → server notices. */
export interface MediaNotices {
  [MediaNotice.producerClosed]: (p: { roomId: string; peerId: string; producerId: string }) => void;
  [MediaNotice.roomClosed]: (p: { roomId: string; reason: string }) => void;
}

export const MediaChannelAuth = z.object({ secret: z.string().min(16) });
