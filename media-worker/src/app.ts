import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { ChannelServer } from './ChannelServer';
import { createCommandHandlers } from './commands';
import type { MediaWorkerConfig } from './config';
import { createLogger } from './logger';
import { mediaCodecs } from './mediaCodecs';
import type { TransportSettings } from './Peer';
import { RoomRegistry } from './RoomRegistry';
import { WorkerPool } from './WorkerPool';

const log = createLogger('app');
const mediasoupLog = createLogger('mediasoup');

export interface RunningMediaWorker {
  port: number;
  workers: number;
  /** Closes rooms (telling the server), the channel and the mediasoup workers. Idempotent. */
  stop(): Promise<void>;
}

/** Wires the pool, the rooms and the channel together from the parsed configuration. */
export async function startMediaWorker(config: MediaWorkerConfig): Promise<RunningMediaWorker> {
  // mediasoup's own warnings and errors would otherwise only reach the `debug` module.
  mediasoup.setLogEventListeners({
    onwarn: (namespace, text) => mediasoupLog.warn('%s [namespace:%s]', text, namespace),
    onerror: (namespace, text, error) => mediasoupLog.error({ err: error }, '%s [namespace:%s]', text, namespace),
  });
  const pool = await WorkerPool.create({
    size: config.NUM_WORKERS,
    workerSettings: {
      logLevel: config.MEDIASOUP_LOG_LEVEL,
      ...(config.MEDIASOUP_WORKER_BIN ? { workerBin: config.MEDIASOUP_WORKER_BIN } : {}),
    },
  });
  const rooms = new RoomRegistry({
    pool,
    mediaCodecs,
    transportSettings: transportSettings(config),
    limits: {
      maxPeers: config.MAX_PEERS_PER_ROOM,
      maxProducers: config.MAX_PRODUCERS_PER_PEER,
      maxConsumers: config.MAX_CONSUMERS_PER_PEER,
    },
  });
  let channel: ChannelServer;
  try {
    channel = await ChannelServer.listen({
      port: config.MEDIA_WORKER_PORT,
      secret: config.MEDIA_WORKER_SECRET,
      handlers: createCommandHandlers(rooms, pool),
      rooms,
    });
  } catch (error) {
    pool.close();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      log.info('stop()');
      rooms.close();
      await channel.close();
      pool.close();
    })();
    return stopping;
  };
  return { port: channel.port, workers: pool.status().length, stop };
}

function transportSettings(config: MediaWorkerConfig): TransportSettings {
  const listenInfo = (protocol: types.TransportProtocol): types.TransportListenInfo => ({
    protocol,
    ip: config.MEDIASOUP_LISTEN_IP,
    ...(config.MEDIASOUP_ANNOUNCED_IP ? { announcedAddress: config.MEDIASOUP_ANNOUNCED_IP } : {}),
    portRange: { min: config.RTC_MIN_PORT, max: config.RTC_MAX_PORT },
  });
  return {
    listenInfos: [listenInfo('udp'), listenInfo('tcp')],
    enableUdp: true,
    enableTcp: true,
    preferUdp: true,
    initialAvailableOutgoingBitrate: 1_000_000,
  };
}
