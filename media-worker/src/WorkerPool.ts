import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { AppError } from '@oac/shared';
import { createLogger } from './logger';
import { TypedEmitter } from './TypedEmitter';

const log = createLogger('WorkerPool');

const REPLACE_BACKOFF_MIN_MS = 200;
const REPLACE_BACKOFF_MAX_MS = 5_000;

export interface WorkerPoolOptions {
  /** How many mediasoup workers (processes) to keep alive. */
  size: number;
  /** Passed to every `mediasoup.createWorker()`. */
  workerSettings: types.WorkerSettings;
  /**
   * The WebRtcServer of the worker in `slot` (0 … size-1): every WebRTC transport of that worker
   * shares its ports. A replacement worker takes the dead one's slot, and so its ports.
   */
  webRtcServerOptions: (slot: number) => types.WebRtcServerOptions;
}

/** Where a room's router lives, and the server its WebRTC transports listen through. */
export interface Placement {
  router: types.Router;
  /** The worker's process, for metrics. */
  pid: number;
  webRtcServer: types.WebRtcServer;
}

interface Slot {
  worker: types.Worker;
  webRtcServer: types.WebRtcServer;
  /** Routers currently living on the worker: the load used for placement. */
  routers: number;
}

export type WorkerPoolEvents = {
  /** A mediasoup worker died; its routers have already closed (each emits `workerclose`). */
  workerdied: [pid: number, error: Error];
  /** A replacement worker is up. */
  workeradded: [pid: number];
  close: [];
};

export interface WorkerLoad {
  pid: number;
  rooms: number;
  /** CPU time the worker has used, user and system (mediasoup's getResourceUsage), in milliseconds. */
  cpuMs: number;
}

/**
 * Keeps `size` mediasoup workers alive and places each router on the least-loaded one.
 * A worker that dies is logged, reported, and replaced.
 */
export class WorkerPool extends TypedEmitter<WorkerPoolEvents> {
  readonly #options: WorkerPoolOptions;
  /** The live workers by slot; a dead worker's slot is empty until its replacement is up. */
  readonly #slots = new Map<number, Slot>();
  #replaceBackoffMs = REPLACE_BACKOFF_MIN_MS;
  #replaceTimer: NodeJS.Timeout | undefined;
  #closed = false;
  #deaths = 0;

  private constructor(options: WorkerPoolOptions) {
    super();
    this.#options = options;
  }

  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    try {
      for (let slot = 0; slot < options.size; slot++) await pool.#addWorker(slot);
    } catch (error) {
      pool.close();
      throw error;
    }
    return pool;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Each live worker's load and CPU time. */
  async status(): Promise<WorkerLoad[]> {
    return Promise.all(
      [...this.#slots.values()].map(async (s) => {
        const usage = await s.worker.getResourceUsage().catch(() => null);
        return { pid: s.worker.pid, rooms: s.routers, cpuMs: usage ? usage.ru_utime + usage.ru_stime : 0 };
      }),
    );
  }

  /** Live workers now. */
  get size(): number {
    return this.#slots.size;
  }

  /** Workers that died since the pool started. */
  get deaths(): number {
    return this.#deaths;
  }

  /** Creates a router on the live worker with the fewest routers. */
  async createRouter(options: types.RouterOptions): Promise<Placement> {
    const slot = this.#leastLoaded();
    if (!slot) throw new AppError('media_unavailable', 'no mediasoup worker is running');
    // Counted before the await so that concurrent placements spread out.
    slot.routers += 1;
    let router: types.Router;
    try {
      router = await slot.worker.createRouter(options);
    } catch (error) {
      slot.routers -= 1;
      throw error;
    }
    router.observer.once('close', () => (slot.routers = Math.max(0, slot.routers - 1)));
    log.debug('createRouter() [pid:%d, routerId:%s]', slot.worker.pid, router.id);
    return { router, webRtcServer: slot.webRtcServer, pid: slot.worker.pid };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    log.debug('close()');
    clearTimeout(this.#replaceTimer);
    for (const { worker } of this.#slots.values()) worker.close();
    this.#slots.clear();
    this.safeEmit('close');
  }

  #leastLoaded(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.#slots.values()) if (!best || slot.routers < best.routers) best = slot;
    return best;
  }

  async #addWorker(slot: number): Promise<types.Worker> {
    const worker = await mediasoup.createWorker(this.#options.workerSettings);
    let webRtcServer: types.WebRtcServer;
    try {
      webRtcServer = await worker.createWebRtcServer(this.#options.webRtcServerOptions(slot));
    } catch (error) {
      worker.close();
      throw error;
    }
    if (this.#closed) {
      worker.close();
      return worker;
    }
    worker.on('died', (error) => this.#onWorkerDied(slot, worker, error));
    this.#slots.set(slot, { worker, webRtcServer, routers: 0 });
    const { udpSockets, tcpServers } = await webRtcServer.dump();
    log.info(
      { udp: udpSockets.map((u) => `${u.ip}:${u.port}`), tcp: tcpServers.map((t) => `${t.ip}:${t.port}`) },
      'addWorker() [pid:%d, slot:%d]',
      worker.pid,
      slot,
    );
    return worker;
  }

  #onWorkerDied(slot: number, worker: types.Worker, error: Error): void {
    if (this.#slots.get(slot)?.worker === worker) this.#slots.delete(slot);
    this.#deaths += 1;
    log.error({ err: error }, 'worker died [pid:%d, slot:%d]', worker.pid, slot);
    this.safeEmit('workerdied', worker.pid, error);
    this.#scheduleReplacement();
  }

  #scheduleReplacement(): void {
    if (this.#closed || this.#replaceTimer) return;
    const delay = this.#replaceBackoffMs;
    this.#replaceTimer = setTimeout(() => void this.#replace(), delay);
    log.info('scheduleReplacement() [delayMs:%d]', delay);
  }

  async #replace(): Promise<void> {
    this.#replaceTimer = undefined;
    if (this.#closed) return;
    const slot = [...Array(this.#options.size).keys()].find((s) => !this.#slots.has(s));
    if (slot === undefined) return;
    let worker: types.Worker;
    try {
      worker = await this.#addWorker(slot);
    } catch (error) {
      this.#replaceBackoffMs = Math.min(this.#replaceBackoffMs * 2, REPLACE_BACKOFF_MAX_MS);
      log.error({ err: error }, 'replace() failed [nextDelayMs:%d]', this.#replaceBackoffMs);
      this.#scheduleReplacement();
      return;
    }
    this.#replaceBackoffMs = REPLACE_BACKOFF_MIN_MS;
    if (!this.#closed) this.safeEmit('workeradded', worker.pid);
    // Several workers may have died at once; replace until the pool is full again.
    if (this.#slots.size < this.#options.size) this.#scheduleReplacement();
  }
}
