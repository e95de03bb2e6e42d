import { z } from 'zod';
import type { AckCallback } from './ack';
import {
  type ConsumerOptions,
  DtlsParameters,
  MediaKind,
  RtpCapabilities,
  RtpParameters,
  TransportDirection,
  type TransportOptions,
} from './media';

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
  status: 'media:status',
} as const;

export const MediaNotice = {
  producerClosed: 'media:producer_closed',
  roomClosed: 'media:room_closed',
} as const;

const RoomRef = { roomId: z.string().min(1).max(64) };
const PeerRef = { ...RoomRef, peerId: z.string().min(1).max(64) };

export const EnsureRoom = z.strictObject(RoomRef);
export const CloseRoom = z.strictObject(RoomRef);
export const MediaCreateTransport = z.strictObject({ ...PeerRef, direction: TransportDirection });
export const MediaConnectTransport = z.strictObject({ ...PeerRef, transportId: z.string(), dtlsParameters: DtlsParameters });
export const MediaProduce = z.strictObject({ ...PeerRef, transportId: z.string(), kind: MediaKind, rtpParameters: RtpParameters });
export const MediaSetProducerPaused = z.strictObject({ ...PeerRef, producerId: z.string(), paused: z.boolean() });
export const MediaConsume = z.strictObject({ ...PeerRef, producerId: z.string(), rtpCapabilities: RtpCapabilities });
export const MediaResumeConsumer = z.strictObject({ ...PeerRef, consumerId: z.string() });
export const ClosePeer = z.strictObject(PeerRef);
export const MediaStatusRequest = z.strictObject({});

export type EnsureRoom = z.infer<typeof EnsureRoom>;
export type CloseRoom = z.infer<typeof CloseRoom>;
export type MediaCreateTransport = z.infer<typeof MediaCreateTransport>;
export type MediaConnectTransport = z.infer<typeof MediaConnectTransport>;
export type MediaProduce = z.infer<typeof MediaProduce>;
export type MediaSetProducerPaused = z.infer<typeof MediaSetProducerPaused>;
export type MediaConsume = z.infer<typeof MediaConsume>;
export type MediaResumeConsumer = z.infer<typeof MediaResumeConsumer>;
export type ClosePeer = z.infer<typeof ClosePeer>;

export interface MediaStatus {
  workers: { pid: number; rooms: number }[];
  rooms: number;
  /** Peers and WebRTC transports across every room: each transport holds ports. */
  peers: number;
  transports: number;
}

/** Server → media worker requests. Each answers through its ack, as an `Ack<T>`. */
export interface MediaCommands {
  [MediaCommand.ensureRoom]: (p: EnsureRoom, ack: AckCallback<{ rtpCapabilities: RtpCapabilities }>) => void;
  [MediaCommand.closeRoom]: (p: CloseRoom, ack: AckCallback<null>) => void;
  [MediaCommand.createTransport]: (p: MediaCreateTransport, ack: AckCallback<TransportOptions>) => void;
  [MediaCommand.connectTransport]: (p: MediaConnectTransport, ack: AckCallback<null>) => void;
  [MediaCommand.produce]: (p: MediaProduce, ack: AckCallback<{ producerId: string }>) => void;
  [MediaCommand.setProducerPaused]: (p: MediaSetProducerPaused, ack: AckCallback<null>) => void;
  [MediaCommand.consume]: (p: MediaConsume, ack: AckCallback<ConsumerOptions>) => void;
  [MediaCommand.resumeConsumer]: (p: MediaResumeConsumer, ack: AckCallback<null>) => void;
  [MediaCommand.closePeer]: (p: ClosePeer, ack: AckCallback<null>) => void;
  [MediaCommand.status]: (p: Record<string, never>, ack: AckCallback<MediaStatus>) => void;
}

/** Media worker → server notices. */
export interface MediaNotices {
  [MediaNotice.producerClosed]: (p: { roomId: string; peerId: string; producerId: string }) => void;
  [MediaNotice.roomClosed]: (p: { roomId: string; reason: string }) => void;
}

/** The payload and the ack data of a channel command, for typed senders and handlers. */
export type MediaCommandPayload<K extends keyof MediaCommands> = Parameters<MediaCommands[K]>[0];
export type MediaCommandResult<K extends keyof MediaCommands> = Parameters<MediaCommands[K]>[1] extends AckCallback<infer T> ? T : never;

export const MediaChannelAuth = z.object({ secret: z.string().min(16) });
