import type { z } from 'zod';
import {
  ClosePeer,
  CloseRoom,
  EnsureRoom,
  MediaCommand,
  MediaConnectTransport,
  MediaConsume,
  MediaCreateTransport,
  MediaProduce,
  MediaResumeConsumer,
  MediaSetProducerPaused,
  MediaStatusRequest,
  type MediaCommandPayload,
  type MediaCommandResult,
  type MediaCommands,
} from '@oac/shared';
import type { RoomRegistry } from './RoomRegistry';
import type { WorkerPool } from './WorkerPool';

export interface CommandHandler<K extends keyof MediaCommands> {
  /** Parses the raw payload; nothing reaches `run` without passing it. */
  schema: z.ZodType<MediaCommandPayload<K>>;
  run: (payload: MediaCommandPayload<K>) => Promise<MediaCommandResult<K>>;
}

export type CommandHandlers = { [K in keyof MediaCommands]: CommandHandler<K> };

/** What each channel command does, read as a story over the room registry. */
export function createCommandHandlers(rooms: RoomRegistry, pool: WorkerPool): CommandHandlers {
  return {
    [MediaCommand.ensureRoom]: {
      schema: EnsureRoom,
      run: async ({ roomId }) => ({ rtpCapabilities: (await rooms.ensure(roomId)).rtpCapabilities }),
    },
    [MediaCommand.closeRoom]: {
      schema: CloseRoom,
      run: async ({ roomId }) => {
        rooms.find(roomId)?.close('requested');
        return null;
      },
    },
    [MediaCommand.createTransport]: {
      schema: MediaCreateTransport,
      run: ({ roomId, peerId, direction }) => rooms.get(roomId).peerForNewTransport(peerId).createTransport(direction),
    },
    [MediaCommand.connectTransport]: {
      schema: MediaConnectTransport,
      run: async ({ roomId, peerId, transportId, dtlsParameters }) => {
        const peer = rooms.get(roomId).peerOwning(peerId, 'transport', transportId);
        await peer.connectTransport(transportId, dtlsParameters);
        return null;
      },
    },
    [MediaCommand.produce]: {
      schema: MediaProduce,
      run: async ({ roomId, peerId, transportId, kind, rtpParameters }) => {
        const peer = rooms.get(roomId).peerOwning(peerId, 'transport', transportId);
        return { producerId: await peer.produce(transportId, kind, rtpParameters) };
      },
    },
    [MediaCommand.setProducerPaused]: {
      schema: MediaSetProducerPaused,
      run: async ({ roomId, peerId, producerId, paused }) => {
        const peer = rooms.get(roomId).peerOwning(peerId, 'producer', producerId);
        await peer.setProducerPaused(producerId, paused);
        return null;
      },
    },
    [MediaCommand.consume]: {
      schema: MediaConsume,
      run: ({ roomId, peerId, producerId, rtpCapabilities }) => {
        const room = rooms.get(roomId);
        return room.peer(peerId).consume(room.findProducer(producerId), rtpCapabilities);
      },
    },
    [MediaCommand.resumeConsumer]: {
      schema: MediaResumeConsumer,
      run: async ({ roomId, peerId, consumerId }) => {
        const peer = rooms.get(roomId).peerOwning(peerId, 'consumer', consumerId);
        await peer.resumeConsumer(consumerId);
        return null;
      },
    },
    [MediaCommand.closePeer]: {
      schema: ClosePeer,
      run: async ({ roomId, peerId }) => {
        rooms.find(roomId)?.closePeer(peerId);
        return null;
      },
    },
    [MediaCommand.status]: {
      schema: MediaStatusRequest,
      run: async () => ({ workers: pool.status(), rooms: rooms.size, ...rooms.counts() }),
    },
  };
}
