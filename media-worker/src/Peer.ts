import type { types } from 'mediasoup';
import {
  AppError,
  type ConsumerOptions,
  type PlainTransportInfo,
  type DtlsParameters,
  type MediaKind,
  type RtpCapabilities,
  type RtpParameters,
  type TransportDirection,
  type TransportOptions,
} from '@oac/shared';
import { createLogger } from './logger';
import { refusedParametersAsValidationError } from './mediasoupErrors';
import { TypedEmitter } from './TypedEmitter';
import type { Placement } from './WorkerPool';

const log = createLogger('Peer');

/** The WebRTC transport options that come from configuration, shared by every such transport. */
export interface WebRtcTransportSettings {
  enableUdp: boolean;
  enableTcp: boolean;
  preferUdp: boolean;
  initialAvailableOutgoingBitrate: number;
}

/** Where plain RTP transports listen: each one takes a UDP port of its own (see listen.ts). */
export interface PlainTransportSettings {
  listenInfo: types.TransportListenInfo;
}

export interface TransportSettings {
  webRtc: WebRtcTransportSettings;
  plain: PlainTransportSettings;
}

export type PeerResource = 'transport' | 'producer' | 'consumer';

/** How much one peer may hold at once (issue 11, §1). Transports are one per direction by construction. */
export interface PeerLimits {
  maxProducers: number;
  maxConsumers: number;
}

type TransportAppData = { direction: TransportDirection };
type PeerTransport = types.WebRtcTransport<TransportAppData> | types.PlainTransport<TransportAppData>;

export type PeerEvents = {
  /** One of this peer's producers closed, whatever the cause (its transport, the router, ...). */
  producerclose: [producerId: string];
  close: [];
};

/**
 * A participant's media inside a room: its transports and what it produces and consumes.
 * Closing a peer closes its transports, and mediasoup closes their producers and consumers.
 */
export class Peer extends TypedEmitter<PeerEvents> {
  readonly id: string;
  readonly #router: types.Router;
  readonly #webRtcServer: types.WebRtcServer;
  readonly #transportSettings: TransportSettings;
  readonly #limits: PeerLimits;
  readonly #transports = new Map<string, PeerTransport>();
  readonly #producers = new Map<string, types.Producer>();
  readonly #consumers = new Map<string, types.Consumer>();
  readonly #connected = new Set<string>();
  /** Directions whose transport is being created, so that concurrent requests cannot each take ports. */
  readonly #opening = new Set<TransportDirection>();
  #closed = false;

  constructor(id: string, placement: Placement, transportSettings: TransportSettings, limits: PeerLimits) {
    super();
    this.id = id;
    this.#router = placement.router;
    this.#webRtcServer = placement.webRtcServer;
    this.#transportSettings = transportSettings;
    this.#limits = limits;
  }

  get closed(): boolean {
    return this.#closed;
  }

  owns(resource: PeerResource, id: string): boolean {
    switch (resource) {
      case 'transport':
        return this.#transports.has(id);
      case 'producer':
        return this.#producers.has(id);
      case 'consumer':
        return this.#consumers.has(id);
    }
  }

  get transportCount(): number {
    return this.#transports.size;
  }

  get producerCount(): number {
    return this.#producers.size;
  }

  get consumerCount(): number {
    return this.#consumers.size;
  }

  producer(producerId: string): types.Producer | undefined {
    return this.#producers.get(producerId);
  }

  /**
   * Opens this peer's WebRTC transport for one direction, in place of any transport of that
   * direction. Every WebRTC transport listens through the worker's WebRtcServer, so none takes a
   * port of its own and no peer can hoard them.
   */
  async createTransport(direction: TransportDirection): Promise<TransportOptions> {
    const transport = await this.#openTransport(direction, () =>
      this.#router.createWebRtcTransport<TransportAppData>({
        ...this.#transportSettings.webRtc,
        webRtcServer: this.#webRtcServer,
        appData: { direction },
      }),
    );
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  /**
   * Opens a plain RTP transport for one direction, in place of any transport of that direction.
   * A send transport takes its peer's address from the first packet (comedia); a receive transport
   * sends nowhere until connectPlainTransport says where.
   */
  async createPlainTransport(direction: TransportDirection): Promise<PlainTransportInfo> {
    const transport = await this.#openTransport(direction, () =>
      this.#router.createPlainTransport<TransportAppData>({
        listenInfo: this.#transportSettings.plain.listenInfo,
        rtcpMux: true,
        comedia: direction === 'send',
        appData: { direction },
      }),
    );
    // localAddress is the announced address when there is one: where the peer must send.
    const { localAddress, localPort } = transport.tuple;
    return { id: transport.id, ip: localAddress, port: localPort, comedia: direction === 'send', rtcpMux: true };
  }

  async connectTransport(transportId: string, dtlsParameters: DtlsParameters): Promise<void> {
    const transport = this.#transport(transportId);
    if (transport.type !== 'webrtc') throw new AppError('validation_error', 'a plain transport is connected with an address, not DTLS');
    await this.#connectOnce(transportId, () => transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters }));
    log.debug('connectTransport() [peerId:%s, transportId:%s]', this.id, transportId);
  }

  /** Tells a plain receive transport where to send RTP and RTCP. */
  async connectPlainTransport(transportId: string, remote: { ip: string; port: number }): Promise<void> {
    const transport = this.#transport(transportId);
    if (transport.type !== 'plain') throw new AppError('validation_error', 'not a plain transport');
    // A comedia transport refuses connect() without SRTP; its peer's address comes from its first packet.
    if (transport.appData.direction === 'send') {
      throw new AppError('validation_error', 'a plain send transport learns its peer from the first packet');
    }
    await this.#connectOnce(transportId, () => transport.connect({ ip: remote.ip, port: remote.port }));
    log.debug('connectPlainTransport() [peerId:%s, transportId:%s, remote:%s:%d]', this.id, transportId, remote.ip, remote.port);
  }

  async produce(transportId: string, kind: MediaKind, rtpParameters: RtpParameters): Promise<string> {
    const transport = this.#transport(transportId);
    if (transport.appData.direction !== 'send') {
      throw new AppError('validation_error', 'cannot produce on a receive transport');
    }
    if (this.#producers.size >= this.#limits.maxProducers) {
      throw new AppError('media_limit_exceeded', `a peer sends at most ${this.#limits.maxProducers} streams`);
    }
    const producer = await refusedParametersAsValidationError(() =>
      transport.produce({ kind, rtpParameters: rtpParameters as types.RtpParameters }),
    );
    // The transport may have closed while the worker was producing.
    if (producer.closed) throw new AppError('not_found', 'transport closed');
    this.#producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      this.#producers.delete(producer.id);
      this.safeEmit('producerclose', producer.id);
    });
    log.debug('produce() [peerId:%s, producerId:%s, kind:%s]', this.id, producer.id, kind);
    return producer.id;
  }

  async setProducerPaused(producerId: string, paused: boolean): Promise<void> {
    const producer = this.#producers.get(producerId);
    if (!producer) throw new AppError('not_found', 'producer not found');
    if (paused) await producer.pause();
    else await producer.resume();
  }

  /** Consumes on this peer's receive transport; the consumer starts paused until resumeConsumer. */
  async consume(producer: types.Producer, rtpCapabilities: RtpCapabilities): Promise<ConsumerOptions> {
    const caps = rtpCapabilities as types.RtpCapabilities;
    if (!this.#router.canConsume({ producerId: producer.id, rtpCapabilities: caps })) {
      throw new AppError('validation_error', 'these rtpCapabilities cannot consume this producer');
    }
    const transport = [...this.#transports.values()].find((t) => t.appData.direction === 'recv');
    if (!transport) throw new AppError('not_found', 'peer has no receive transport');
    // Consuming a stream again replaces the earlier consumer of it, so repeats cannot pile up.
    for (const old of [...this.#consumers.values()]) if (old.producerId === producer.id) old.close();
    if (this.#consumers.size >= this.#limits.maxConsumers) {
      throw new AppError('media_limit_exceeded', `a peer receives at most ${this.#limits.maxConsumers} streams`);
    }
    const consumer = await refusedParametersAsValidationError(() =>
      transport.consume({ producerId: producer.id, rtpCapabilities: caps, paused: true }),
    );
    if (consumer.closed) throw new AppError('not_found', 'producer or transport closed');
    this.#consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => this.#consumers.delete(consumer.id));
    log.debug('consume() [peerId:%s, consumerId:%s, producerId:%s]', this.id, consumer.id, producer.id);
    return {
      id: consumer.id,
      producerId: producer.id,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters as RtpParameters,
      producerPaused: consumer.producerPaused,
    };
  }

  /**
   * Resumes a consumer. A video consumer also asks its producer for a key frame at once, so that the
   * first picture does not wait for the encoder's next one (issue 13: join time).
   */
  async resumeConsumer(consumerId: string): Promise<void> {
    const consumer = this.#consumers.get(consumerId);
    if (!consumer) throw new AppError('not_found', 'consumer not found');
    await consumer.resume();
    if (consumer.kind === 'video') await consumer.requestKeyFrame();
  }

  /**
   * The simulcast layer a receiver wants, from the size of its tile; mediasoup still drops below it
   * when the receiver's bandwidth is short. A single-layer stream has nothing to choose.
   */
  async setConsumerLayers(consumerId: string, spatialLayer: number): Promise<void> {
    const consumer = this.#consumers.get(consumerId);
    if (!consumer) throw new AppError('not_found', 'consumer not found');
    if (consumer.type !== 'simulcast' && consumer.type !== 'svc') return;
    await consumer.setPreferredLayers({ spatialLayer });
  }

  async restartIce(transportId: string): Promise<Record<string, unknown>> {
    const transport = this.#transport(transportId);
    if (transport.type !== 'webrtc') throw new AppError('validation_error', 'a plain transport has no ICE');
    return (await transport.restartIce()) as unknown as Record<string, unknown>;
  }

  /** Stops everything this peer sends and receives, and keeps its transports for when it comes back. */
  stopMedia(): void {
    for (const producer of [...this.#producers.values()]) producer.close();
    for (const consumer of [...this.#consumers.values()]) consumer.close();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    log.debug('close() [peerId:%s]', this.id);
    // Closing a transport closes its producers and consumers; their observers clean the maps.
    for (const transport of [...this.#transports.values()]) transport.close();
    this.safeEmit('close');
  }

  /**
   * One transport per direction: a new one closes the old, with its producers or consumers, and two
   * concurrent openings of one direction cannot each take ports (issue 11, §1).
   */
  async #openTransport<T extends PeerTransport>(direction: TransportDirection, create: () => Promise<T>): Promise<T> {
    this.#assertOpen();
    if (this.#opening.has(direction)) throw new AppError('validation_error', `a ${direction} transport is already being opened`);
    this.#opening.add(direction);
    let transport: T;
    try {
      for (const old of [...this.#transports.values()]) if (old.appData.direction === direction) old.close();
      transport = await create();
    } finally {
      this.#opening.delete(direction);
    }
    if (this.#closed) {
      transport.close();
      this.#assertOpen();
    }
    this.#transports.set(transport.id, transport);
    // The two observers' event maps differ, so TypeScript cannot call once() on their union.
    (transport.observer as types.TransportObserver).once('close', () => {
      this.#transports.delete(transport.id);
      this.#connected.delete(transport.id);
    });
    log.debug('openTransport() [peerId:%s, transportId:%s, type:%s, direction:%s]', this.id, transport.id, transport.type, direction);
    return transport;
  }

  /** mediasoup answers a second connect() with a plain Error; it is the caller's mistake. */
  async #connectOnce(transportId: string, connect: () => Promise<void>): Promise<void> {
    if (this.#connected.has(transportId)) throw new AppError('validation_error', 'This transport is already connected.');
    this.#connected.add(transportId);
    try {
      await refusedParametersAsValidationError(connect);
    } catch (error) {
      this.#connected.delete(transportId);
      throw error;
    }
  }

  #transport(transportId: string): PeerTransport {
    const transport = this.#transports.get(transportId);
    if (!transport) throw new AppError('not_found', 'transport not found');
    return transport;
  }

  #assertOpen(): void {
    if (this.#closed) throw new AppError('not_found', 'peer closed');
  }
}
