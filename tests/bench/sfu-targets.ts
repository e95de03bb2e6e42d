import { mediaCodecs, startMediaWorkerProcess, type MediaWorkerProcess } from '@oac/media-worker';
import { MediaChannel } from '@oac/media-worker/client';
import { MediaCommand, type MediaKind, type RtpCapabilities, type RtpParameters, type TransportDirection } from '@oac/shared';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { randomBytes } from 'node:crypto';

/*
 * The two SFUs the capacity bench drives with the same load: the project's own media worker (its
 * rooms and peers, over its channel, with one mediasoup worker) and a bare mediasoup worker driven
 * directly, as the baseline. Both make one router per call and plain transports for every party.
 */

export interface PlainEndpoint {
  id: string;
  ip: string;
  port: number;
}

export interface SfuUnderTest {
  readonly label: 'project' | 'baseline';
  /** The mediasoup-worker C++ process, whose CPU time is the measure. */
  readonly workerPid: number;
  /** The Node process that owns the worker and answers signalling, when it is not this one. */
  readonly controlPid: number | undefined;
  /** Local UDP ports of every plain transport opened so far, for the kernel's drop counters. */
  readonly ports: Set<number>;
  openRoom(roomId: string): Promise<RtpCapabilities>;
  plainTransport(roomId: string, peerId: string, direction: TransportDirection): Promise<PlainEndpoint>;
  connect(roomId: string, peerId: string, transportId: string, ip: string, port: number): Promise<void>;
  produce(roomId: string, peerId: string, transportId: string, kind: MediaKind, rtpParameters: RtpParameters): Promise<string>;
  /** Consumes paused, then resumes (asking a video producer for a key frame), as the platform does. */
  consume(roomId: string, peerId: string, producerId: string, rtpCapabilities: RtpCapabilities): Promise<{ ssrc: number }>;
  close(): Promise<void>;
}

export interface PortRange {
  min: number;
  max: number;
}

const ssrcOf = (rtpParameters: { encodings?: { ssrc?: unknown }[] }) => Number(rtpParameters.encodings?.[0]?.ssrc);

/** The project's media worker as a child process, configured for exactly one mediasoup worker. */
export async function startProjectSfu(ports: PortRange): Promise<SfuUnderTest> {
  const secret = randomBytes(24).toString('hex');
  const child: MediaWorkerProcess = await startMediaWorkerProcess({
    port: 0,
    secret,
    env: {
      NUM_WORKERS: '1',
      LOG_LEVEL: 'warn',
      MEDIASOUP_LOG_LEVEL: 'error',
      MEDIASOUP_LISTEN_IPS: '127.0.0.1',
      RTC_PORT: '0',
      RTC_MIN_PORT: String(ports.min),
      RTC_MAX_PORT: String(ports.max),
    },
  });
  const channel = new MediaChannel();
  try {
    await channel.connect(`http://127.0.0.1:${child.port}`, secret);
  } catch (error) {
    await child.stop();
    throw error;
  }
  const status = await channel.request(MediaCommand.status, {});
  if (status.workers.length !== 1) throw new Error(`the media worker runs ${status.workers.length} mediasoup workers, not 1`);
  const timeoutMs = 30_000;
  const open = new Set<number>();
  return {
    label: 'project',
    workerPid: status.workers[0]!.pid,
    controlPid: child.pid,
    ports: open,
    async openRoom(roomId) {
      return (await channel.request(MediaCommand.ensureRoom, { roomId }, { timeoutMs })).rtpCapabilities;
    },
    async plainTransport(roomId, peerId, direction) {
      const t = await channel.request(MediaCommand.createPlainTransport, { roomId, peerId, direction }, { timeoutMs });
      open.add(t.port);
      return t;
    },
    async connect(roomId, peerId, transportId, ip, port) {
      await channel.request(MediaCommand.connectPlainTransport, { roomId, peerId, transportId, ip, port }, { timeoutMs });
    },
    async produce(roomId, peerId, transportId, kind, rtpParameters) {
      return (await channel.request(MediaCommand.produce, { roomId, peerId, transportId, kind, rtpParameters }, { timeoutMs })).producerId;
    },
    async consume(roomId, peerId, producerId, rtpCapabilities) {
      const consumer = await channel.request(MediaCommand.consume, { roomId, peerId, producerId, rtpCapabilities }, { timeoutMs });
      await channel.request(MediaCommand.resumeConsumer, { roomId, peerId, consumerId: consumer.id }, { timeoutMs });
      return { ssrc: ssrcOf(consumer.rtpParameters) };
    },
    async close() {
      channel.close();
      await child.stop();
    },
  };
}

/** A bare mediasoup worker with the project's codecs: what mediasoup alone does with the same load. */
export async function startBareSfu(ports: PortRange, workerBin: string | undefined): Promise<SfuUnderTest> {
  const worker = await mediasoup.createWorker({ logLevel: 'error', ...(workerBin ? { workerBin } : {}) });
  const routers = new Map<string, types.Router>();
  const transports = new Map<string, types.PlainTransport>();
  /** Each peer's receive transport, by `room/peer`. */
  const receiving = new Map<string, types.PlainTransport>();
  const open = new Set<number>();
  const listenInfo: types.TransportListenInfo = { protocol: 'udp', ip: '127.0.0.1', portRange: ports };
  const router = (roomId: string) => routers.get(roomId)!;
  return {
    label: 'baseline',
    workerPid: worker.pid,
    controlPid: undefined,
    ports: open,
    async openRoom(roomId) {
      const r = await worker.createRouter({ mediaCodecs });
      routers.set(roomId, r);
      return r.rtpCapabilities as RtpCapabilities;
    },
    async plainTransport(roomId, peerId, direction) {
      const t = await router(roomId).createPlainTransport({ listenInfo, rtcpMux: true, comedia: direction === 'send' });
      transports.set(t.id, t);
      if (direction === 'recv') receiving.set(`${roomId}/${peerId}`, t);
      open.add(t.tuple.localPort);
      return { id: t.id, ip: t.tuple.localAddress, port: t.tuple.localPort };
    },
    async connect(_roomId, _peerId, transportId, ip, port) {
      await transports.get(transportId)!.connect({ ip, port });
    },
    async produce(_roomId, _peerId, transportId, kind, rtpParameters) {
      const producer = await transports.get(transportId)!.produce({ kind, rtpParameters: rtpParameters as types.RtpParameters });
      return producer.id;
    },
    async consume(roomId, peerId, producerId, rtpCapabilities) {
      const recv = receiving.get(`${roomId}/${peerId}`);
      if (!recv) throw new Error(`no receive transport for ${roomId}/${peerId}`);
      const consumer = await recv.consume({ producerId, rtpCapabilities: rtpCapabilities as types.RtpCapabilities, paused: true });
      await consumer.resume();
      if (consumer.kind === 'video') await consumer.requestKeyFrame();
      return { ssrc: ssrcOf(consumer.rtpParameters) };
    },
    async close() {
      worker.close();
    },
  };
}
