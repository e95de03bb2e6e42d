import * as mediasoup from 'mediasoup';
import { networkInterfaces } from 'node:os';
import { ChannelServer } from './ChannelServer';
import { createCommandHandlers } from './commands';
import type { MediaWorkerConfig } from './config';
import { plainTransportListenInfo, resolveListenIps, webRtcServerListenInfos, type ListenSettings } from './listen';
import { createLogger } from './logger';
import { mediaCodecs } from './mediaCodecs';
import type { WebRtcTransportSettings } from './Peer';
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
  const listen = listenSettings(config);
  const ips = resolveListenIps(listen, networkInterfaces());
  // Before any worker starts: a port range with no room for plain transports is a configuration error.
  const plainListenInfo = plainTransportListenInfo(listen, ips, config.NUM_WORKERS);
  log.info({ ips, announced: listen.announcedAddress ?? null, port: listen.port || 'range' }, 'listen()');
  const pool = await WorkerPool.create({
    size: config.NUM_WORKERS,
    workerSettings: {
      logLevel: config.MEDIASOUP_LOG_LEVEL,
      ...(config.MEDIASOUP_WORKER_BIN ? { workerBin: config.MEDIASOUP_WORKER_BIN } : {}),
    },
    webRtcServerOptions: (slot) => ({ listenInfos: webRtcServerListenInfos(listen, ips, slot) }),
  });
  const rooms = new RoomRegistry({
    pool,
    mediaCodecs,
    transportSettings: {
      webRtc: WEBRTC_TRANSPORT_SETTINGS,
      plain: { listenInfo: plainListenInfo },
    },
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
  return { port: channel.port, workers: pool.size, stop };
}

const WEBRTC_TRANSPORT_SETTINGS: WebRtcTransportSettings = {
  enableUdp: true,
  enableTcp: true,
  preferUdp: true,
  initialAvailableOutgoingBitrate: 1_000_000,
};

function listenSettings(config: MediaWorkerConfig): ListenSettings {
  return {
    listenIps: config.MEDIASOUP_LISTEN_IPS,
    announcedAddress: config.MEDIASOUP_ANNOUNCED_ADDRESS,
    port: config.RTC_PORT,
    portRange: { min: config.RTC_MIN_PORT, max: config.RTC_MAX_PORT },
  };
}
