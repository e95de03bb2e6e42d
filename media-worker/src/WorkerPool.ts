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
}

/**
 * Keeps `size` mediasoup workers alive and places each router on the least-loaded one.
 * A worker that dies is logged, reported, and replaced.
 */
export class WorkerPool extends TypedEmitter<WorkerPoolEvents> {
  readonly #options: WorkerPoolOptions;
  /** Routers currently living on each worker: the load used for placement. */
  readonly #load = new Map<types.Worker, number>();
  #replaceBackoffMs = REPLACE_BACKOFF_MIN_MS;
  #replaceTimer: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(options: WorkerPoolOptions) {
    super();
    this.#options = options;
  }

  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    try {
      for (let i = 0; i < options.size; i++) await pool.#addWorker();
    } catch (error) {
      pool.close();
      throw error;
    }
    return pool;
  }

  get closed(): boolean {
    return this.#closed;
  }

  status(): WorkerLoad[] {
    return [...this.#load].map(([worker, rooms]) => ({ pid: worker.pid, rooms }));
  }

  /** Creates a router on the worker with the fewest routers. */
  async createRouter(options: types.RouterOptions): Promise<types.Router> {
    const worker = this.#leastLoaded();
    if (!worker) throw new AppError('media_unavailable', 'no mediasoup worker is running');
    // Counted before the await so that concurrent placements spread out.
    this.#load.set(worker, (this.#load.get(worker) ?? 0) + 1);
    let router: types.Router;
    try {
      router = await worker.createRouter(options);
    } catch (error) {
      this.#release(worker);
      throw error;
    }
    router.observer.once('close', () => this.#release(worker));
    log.debug('createRouter() [pid:%d, routerId:%s]', worker.pid, router.id);
    return router;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    log.debug('close()');
    clearTimeout(this.#replaceTimer);
    for (const worker of this.#load.keys()) worker.close();
    this.#load.clear();
    this.safeEmit('close');
  }

  #leastLoaded(): types.Worker | undefined {
    let best: types.Worker | undefined;
    for (const [worker, load] of this.#load) {
      if (!best || load < (this.#load.get(best) ?? 0)) best = worker;
    }
    return best;
  }

  #release(worker: types.Worker): void {
    const load = this.#load.get(worker);
    if (load !== undefined) this.#load.set(worker, Math.max(0, load - 1));
  }

  async #addWorker(): Promise<types.Worker> {
    const worker = await mediasoup.createWorker(this.#options.workerSettings);
    if (this.#closed) {
      worker.close();
      return worker;
    }
    worker.on('died', (error) => this.#onWorkerDied(worker, error));
    this.#load.set(worker, 0);
    log.info('addWorker() [pid:%d]', worker.pid);
    return worker;
  }

  #onWorkerDied(worker: types.Worker, error: Error): void {
    this.#load.delete(worker);
    log.error({ err: error }, 'worker died [pid:%d]', worker.pid);
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
    let worker: types.Worker;
    try {
      worker = await this.#addWorker();
    } catch (error) {
      this.#replaceBackoffMs = Math.min(this.#replaceBackoffMs * 2, REPLACE_BACKOFF_MAX_MS);
      log.error({ err: error }, 'replace() failed [nextDelayMs:%d]', this.#replaceBackoffMs);
      this.#scheduleReplacement();
      return;
    }
    this.#replaceBackoffMs = REPLACE_BACKOFF_MIN_MS;
    if (!this.#closed) this.safeEmit('workeradded', worker.pid);
    // Several workers may have died at once; replace until the pool is full again.
    if (this.#load.size < this.#options.size) this.#scheduleReplacement();
  }
}
