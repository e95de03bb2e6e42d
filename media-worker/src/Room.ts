import type { types } from 'mediasoup';
import { AppError, type RtpCapabilities } from '@oac/shared';
import { createLogger } from './logger';
import { Peer, type PeerLimits, type PeerResource, type TransportSettings } from './Peer';
import { TypedEmitter } from './TypedEmitter';
import type { Placement } from './WorkerPool';

const log = createLogger('Room');

/** How much one room may hold (issue 11, §1). */
export interface RoomLimits extends PeerLimits {
  maxPeers: number;
}

/** Why a room closed; anything but `requested` is news to the server. */
export type RoomCloseReason = 'requested' | 'worker_died' | 'shutdown';

export type RoomEvents = {
  producerclose: [peerId: string, producerId: string];
  close: [reason: RoomCloseReason];
};

/**
 * One router and the peers in it. A room is an opaque id: it knows nothing of appointments.
 * A peer may only touch its own transports, producers and consumers.
 */
export class Room extends TypedEmitter<RoomEvents> {
  readonly id: string;
  readonly #placement: Placement;
  readonly #router: types.Router;
  readonly #transportSettings: TransportSettings;
  readonly #limits: RoomLimits;
  readonly #peers = new Map<string, Peer>();
  #closed = false;

  constructor(id: string, placement: Placement, transportSettings: TransportSettings, limits: RoomLimits) {
    super();
    this.id = id;
    this.#placement = placement;
    this.#router = placement.router;
    this.#transportSettings = transportSettings;
    this.#limits = limits;
    // The router closes under us when its mediasoup worker dies.
    this.#router.once('workerclose', () => this.close('worker_died'));
  }

  get closed(): boolean {
    return this.#closed;
  }

  get rtpCapabilities(): RtpCapabilities {
    return this.#router.rtpCapabilities as RtpCapabilities;
  }

  /** The peer, created on its first transport. */
  peerForNewTransport(peerId: string): Peer {
    this.#assertOpen();
    const existing = this.#peers.get(peerId);
    if (existing) return existing;
    if (this.#peers.size >= this.#limits.maxPeers) throw new AppError('room_full', `a room holds at most ${this.#limits.maxPeers} peers`);
    const peer = new Peer(peerId, this.#placement, this.#transportSettings, this.#limits);
    this.#peers.set(peerId, peer);
    peer.on('producerclose', (producerId) => this.safeEmit('producerclose', peerId, producerId));
    peer.once('close', () => this.#peers.delete(peerId));
    return peer;
  }

  /**
   * The peer, if it owns the resource. Another peer's resource is `forbidden`; an id that
   * nobody in this room owns is `not_found`.
   */
  peerOwning(peerId: string, resource: PeerResource, id: string): Peer {
    this.#assertOpen();
    const peer = this.#peers.get(peerId);
    if (peer?.owns(resource, id)) return peer;
    for (const other of this.#peers.values()) {
      if (other.owns(resource, id)) {
        log.warn('peerOwning() refused [roomId:%s, peerId:%s, %s:%s]', this.id, peerId, resource, id);
        throw new AppError('forbidden', `${resource} belongs to another peer`);
      }
    }
    throw new AppError('not_found', `${resource} not found`);
  }

  /** A peer that has a transport; consuming needs one. */
  peer(peerId: string): Peer {
    this.#assertOpen();
    const peer = this.#peers.get(peerId);
    if (!peer) throw new AppError('not_found', 'peer not found');
    return peer;
  }

  findProducer(producerId: string): types.Producer {
    for (const peer of this.#peers.values()) {
      const producer = peer.producer(producerId);
      if (producer) return producer;
    }
    throw new AppError('not_found', 'producer not found');
  }

  findPeer(peerId: string): Peer | undefined {
    return this.#peers.get(peerId);
  }

  closePeer(peerId: string): void {
    this.#peers.get(peerId)?.close();
  }

  get peerCount(): number {
    return this.#peers.size;
  }

  get transportCount(): number {
    let n = 0;
    for (const peer of this.#peers.values()) n += peer.transportCount;
    return n;
  }

  /** What the room holds, for status and metrics: its worker, peers, transports, producers and consumers. */
  counts(): { pid: number; peers: number; transports: number; producers: number; consumers: number } {
    const c = { pid: this.#placement.pid, peers: this.#peers.size, transports: 0, producers: 0, consumers: 0 };
    for (const peer of this.#peers.values()) {
      c.transports += peer.transportCount;
      c.producers += peer.producerCount;
      c.consumers += peer.consumerCount;
    }
    return c;
  }

  close(reason: RoomCloseReason): void {
    if (this.#closed) return;
    this.#closed = true;
    log.info('close() [roomId:%s, reason:%s]', this.id, reason);
    for (const peer of [...this.#peers.values()]) peer.close();
    this.#router.close();
    this.safeEmit('close', reason);
  }

  #assertOpen(): void {
    if (this.#closed) throw new AppError('not_found', 'room closed');
  }
}
