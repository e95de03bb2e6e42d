import type { types } from 'mediasoup';
import { AppError } from '@oac/shared';
import { createLogger } from './logger';
import type { TransportSettings } from './Peer';
import { Room, type RoomCloseReason, type RoomLimits } from './Room';
import { TypedEmitter } from './TypedEmitter';
import type { WorkerPool } from './WorkerPool';

export interface MediaCounts {
  peers: number;
  transports: number;
  producers: number;
  consumers: number;
}

const log = createLogger('RoomRegistry');

export type RoomRegistryEvents = {
  producerclose: [roomId: string, peerId: string, producerId: string];
  roomclose: [roomId: string, reason: RoomCloseReason];
};

export interface RoomRegistryOptions {
  pool: WorkerPool;
  mediaCodecs: types.RouterRtpCodecCapability[];
  transportSettings: TransportSettings;
  limits: RoomLimits;
}

/** The rooms of this process by id; each one's router lives on the pool's least-loaded worker. */
export class RoomRegistry extends TypedEmitter<RoomRegistryEvents> {
  readonly #options: RoomRegistryOptions;
  readonly #rooms = new Map<string, Room>();
  /** Rooms being created, so that concurrent ensureRoom calls share one router. */
  readonly #pending = new Map<string, Promise<Room>>();
  #closed = false;

  constructor(options: RoomRegistryOptions) {
    super();
    this.#options = options;
  }

  get size(): number {
    return this.#rooms.size;
  }

  /** Idempotent: the existing room, or a new one. */
  async ensure(roomId: string): Promise<Room> {
    if (this.#closed) throw new AppError('media_unavailable', 'media worker is shutting down');
    const existing = this.#rooms.get(roomId) ?? this.#pending.get(roomId);
    if (existing) return existing;
    const creating = this.#create(roomId).finally(() => this.#pending.delete(roomId));
    this.#pending.set(roomId, creating);
    return creating;
  }

  /** Peers, transports, producers and consumers across every room, and per worker, for status and metrics. */
  counts(): MediaCounts & { perWorker: Map<number, MediaCounts & { rooms: number }> } {
    const total = { peers: 0, transports: 0, producers: 0, consumers: 0 };
    const perWorker = new Map<number, MediaCounts & { rooms: number }>();
    for (const room of this.#rooms.values()) {
      const { pid, ...c } = room.counts();
      const w = perWorker.get(pid) ?? { rooms: 0, peers: 0, transports: 0, producers: 0, consumers: 0 };
      w.rooms += 1;
      for (const k of ['peers', 'transports', 'producers', 'consumers'] as const) {
        w[k] += c[k];
        total[k] += c[k];
      }
      perWorker.set(pid, w);
    }
    return { ...total, perWorker };
  }

  get(roomId: string): Room {
    const room = this.#rooms.get(roomId);
    if (!room) throw new AppError('not_found', 'room not found');
    return room;
  }

  find(roomId: string): Room | undefined {
    return this.#rooms.get(roomId);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const room of [...this.#rooms.values()]) room.close('shutdown');
  }

  async #create(roomId: string): Promise<Room> {
    const { pool, mediaCodecs, transportSettings, limits } = this.#options;
    const placement = await pool.createRouter({ mediaCodecs, appData: { roomId } });
    const { router } = placement;
    if (this.#closed || router.closed) {
      router.close();
      throw new AppError('media_unavailable', 'media worker is shutting down or its worker died');
    }
    const room = new Room(roomId, placement, transportSettings, limits);
    this.#rooms.set(roomId, room);
    room.on('producerclose', (peerId, producerId) => this.safeEmit('producerclose', roomId, peerId, producerId));
    room.once('close', (reason) => {
      this.#rooms.delete(roomId);
      this.safeEmit('roomclose', roomId, reason);
    });
    log.info('room created [roomId:%s, routerId:%s]', roomId, router.id);
    return room;
  }
}
