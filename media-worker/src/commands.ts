import { MediaCommand, MediaRequests, type MediaCommandName, type MediaCommandPayload, type MediaCommandResult } from '@oac/shared';
import type { RoomRegistry } from './RoomRegistry';
import type { WorkerPool } from './WorkerPool';

/** Runs one command on a payload already parsed with its schema from `MediaRequests`. */
export type CommandHandler<K extends MediaCommandName> = (payload: MediaCommandPayload<K>) => Promise<MediaCommandResult<K>>;

export type CommandHandlers = { [K in MediaCommandName]: CommandHandler<K> };

/** The schema a command's payload must pass before its handler sees it. */
export const commandSchema = <K extends MediaCommandName>(command: K) => MediaRequests[command].request;

/** What each channel command does, read as a story over the room registry. */
export function createCommandHandlers(rooms: RoomRegistry, pool: WorkerPool): CommandHandlers {
  return {
    [MediaCommand.ensureRoom]: async ({ roomId }) => ({ rtpCapabilities: (await rooms.ensure(roomId)).rtpCapabilities }),
    [MediaCommand.closeRoom]: async ({ roomId }) => {
      rooms.find(roomId)?.close('requested');
      return null;
    },
    [MediaCommand.createTransport]: ({ roomId, peerId, direction }) =>
      rooms.get(roomId).peerForNewTransport(peerId).createTransport(direction),
    [MediaCommand.connectTransport]: async ({ roomId, peerId, transportId, dtlsParameters }) => {
      const peer = rooms.get(roomId).peerOwning(peerId, 'transport', transportId);
      await peer.connectTransport(transportId, dtlsParameters);
      return null;
    },
    [MediaCommand.produce]: async ({ roomId, peerId, transportId, kind, rtpParameters }) => {
      const peer = rooms.get(roomId).peerOwning(peerId, 'transport', transportId);
      return { producerId: await peer.produce(transportId, kind, rtpParameters) };
    },
    [MediaCommand.setProducerPaused]: async ({ roomId, peerId, producerId, paused }) => {
      const peer = rooms.get(roomId).peerOwning(peerId, 'producer', producerId);
      await peer.setProducerPaused(producerId, paused);
      return null;
    },
    [MediaCommand.consume]: ({ roomId, peerId, producerId, rtpCapabilities }) => {
      const room = rooms.get(roomId);
      return room.peer(peerId).consume(room.findProducer(producerId), rtpCapabilities);
    },
    [MediaCommand.resumeConsumer]: async ({ roomId, peerId, consumerId }) => {
      const peer = rooms.get(roomId).peerOwning(peerId, 'consumer', consumerId);
      await peer.resumeConsumer(consumerId);
      return null;
    },
    [MediaCommand.closePeer]: async ({ roomId, peerId }) => {
      rooms.find(roomId)?.closePeer(peerId);
      return null;
    },
    [MediaCommand.stopPeerMedia]: async ({ roomId, peerId }) => {
      rooms.find(roomId)?.findPeer(peerId)?.stopMedia();
      return null;
    },
    [MediaCommand.restartIce]: async ({ roomId, peerId, transportId }) => {
      const peer = rooms.get(roomId).peerOwning(peerId, 'transport', transportId);
      return { iceParameters: await peer.restartIce(transportId) };
    },
    [MediaCommand.setConsumerLayers]: async ({ roomId, peerId, consumerId, spatialLayer }) => {
      const peer = rooms.get(roomId).peerOwning(peerId, 'consumer', consumerId);
      await peer.setConsumerLayers(consumerId, spatialLayer);
      return null;
    },
    [MediaCommand.status]: async () => {
      const { perWorker, ...total } = rooms.counts();
      const workers = (await pool.status()).map((w) => {
        const c = perWorker.get(w.pid);
        return { ...w, peers: c?.peers ?? 0, transports: c?.transports ?? 0, producers: c?.producers ?? 0, consumers: c?.consumers ?? 0 };
      });
      return { workers, rooms: rooms.size, ...total, workerDeaths: pool.deaths };
    },
    [MediaCommand.createPlainTransport]: ({ roomId, peerId, direction }) =>
      rooms.get(roomId).peerForNewTransport(peerId).createPlainTransport(direction),
    [MediaCommand.connectPlainTransport]: async ({ roomId, peerId, transportId, ip, port }) => {
      const peer = rooms.get(roomId).peerOwning(peerId, 'transport', transportId);
      await peer.connectPlainTransport(transportId, { ip, port });
      return null;
    },
  };
}
