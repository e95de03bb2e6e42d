import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import {
  AppError,
  isErrorCode,
  MediaCommand,
  MediaNotice,
  type MediaCommandName,
  type MediaCommandPayload,
  type MediaCommandResult,
  type MediaCommands,
  type MediaNotices,
  type MediaStatus,
} from '@oac/shared';
import { createLogger } from '../logger';

const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const STATUS_TIMEOUT_MS = 2_000;

export type MediaChannelEvents = { [K in keyof MediaNotices]: Parameters<MediaNotices[K]> } & {
  connect: [];
  disconnect: [reason: string];
};

export interface MediaRequestOptions {
  /** How long to wait for the ack before failing with `media_unavailable`. Default 5 s. */
  timeoutMs?: number;
}

export interface MediaConnectOptions {
  /** How long `connect()` waits for the first connection. Reconnection goes on regardless. Default 10 s. */
  timeoutMs?: number;
}

const AckShape = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
  }),
]);

/** The socket.io emitter, loosened once so that a generic command key can be sent. */
type LooseEmitter = { emit(event: string, ...args: unknown[]): unknown };

/**
 * The server's end of the channel to the media worker. Requests resolve with the ack's
 * data or reject with an AppError; a worker that is down, gone or silent is
 * `media_unavailable`. Notices are re-emitted under their MediaNotice names.
 */
export class MediaChannel extends EventEmitter<MediaChannelEvents> {
  readonly #log: Logger;
  #socket: Socket<MediaNotices, MediaCommands> | undefined;
  /** Rejecters of requests in flight, failed at once when the connection drops. */
  readonly #inFlight = new Set<(error: AppError) => void>();
  #closed = false;

  /** The id of the request being served, sent with each room's command so both sides' logs can be joined. */
  readonly #requestId: () => string | undefined;

  constructor(options: { logger?: Logger; requestId?: () => string | undefined } = {}) {
    super();
    this.#log = options.logger ?? createLogger('MediaChannel');
    this.#requestId = options.requestId ?? (() => undefined);
  }

  get connected(): boolean {
    return this.#socket?.connected ?? false;
  }

  /**
   * Connects and reconnects automatically. Resolves on the first connection; rejects with
   * `unauthenticated` if the worker refuses the secret (no retry then), or with
   * `media_unavailable` if it is not reachable in time (retrying goes on).
   */
  connect(url: string, secret: string, options: MediaConnectOptions = {}): Promise<void> {
    if (this.#socket) throw new Error('MediaChannel.connect() called twice');
    const socket: Socket<MediaNotices, MediaCommands> = io(url, {
      auth: { secret },
      transports: ['websocket'],
      // A private, local channel: after the media worker restarts, be back within a few hundred ms.
      reconnectionDelay: 100,
      reconnectionDelayMax: 500,
    });
    this.#socket = socket;
    socket.on(MediaNotice.producerClosed, (notice) => this.#notify(MediaNotice.producerClosed, notice));
    socket.on(MediaNotice.roomClosed, (notice) => this.#notify(MediaNotice.roomClosed, notice));
    socket.on('connect', () => {
      this.#log.info('connected() [url:%s]', url);
      this.#notify('connect');
    });
    socket.on('disconnect', (reason) => this.#onDisconnect(reason));
    return this.#firstConnection(socket, options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  }

  request<K extends MediaCommandName>(
    command: K,
    payload: MediaCommandPayload<K>,
    { timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS }: MediaRequestOptions = {},
  ): Promise<MediaCommandResult<K>> {
    const socket = this.#socket;
    if (!socket?.connected) return Promise.reject(unavailable('media worker is not connected'));
    return new Promise((resolve, reject) => {
      const fail = (error: AppError): void => {
        this.#inFlight.delete(fail);
        reject(error);
      };
      this.#inFlight.add(fail);
      const onAck = (timeout: Error | null, ack: unknown): void => {
        if (!this.#inFlight.has(fail)) return;
        this.#inFlight.delete(fail);
        if (timeout) reject(unavailable(`media worker did not answer ${command} within ${timeoutMs} ms`));
        else settle<MediaCommandResult<K>>(ack, resolve, reject);
      };
      // Only a room's command takes one; anything else (a test's malformed payload) goes as it is.
      const forRoom = typeof payload === 'object' && payload !== null && 'roomId' in payload;
      const requestId = forRoom ? this.#requestId() : undefined;
      (socket.timeout(timeoutMs) as unknown as LooseEmitter).emit(command, requestId ? { ...payload, requestId } : payload, onAck);
    });
  }

  /** For health checks: the worker's status, or null when it is down or does not answer. */
  async status(): Promise<MediaStatus | null> {
    if (!this.connected) return null;
    try {
      return await this.request(MediaCommand.status, {}, { timeoutMs: STATUS_TIMEOUT_MS });
    } catch (error) {
      this.#log.warn({ err: error }, 'status() failed');
      return null;
    }
  }

  /** Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket?.disconnect();
    this.#failInFlight('media channel closed');
  }

  #firstConnection(socket: Socket<MediaNotices, MediaCommands>, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const settleWith = (error?: AppError): void => {
        clearTimeout(timer);
        socket.off('connect', onConnect);
        socket.off('connect_error', onError);
        if (error) reject(error);
        else resolve();
      };
      const onConnect = (): void => settleWith();
      const onError = (error: Error): void => {
        // Refused by the worker's middleware: socket.io does not retry, and neither do we.
        if (!socket.active) settleWith(new AppError('unauthenticated', `media worker refused the channel: ${error.message}`));
        else this.#log.debug('connect() retrying [error:%s]', error.message);
      };
      const timer = setTimeout(() => settleWith(unavailable(`media worker not reachable within ${timeoutMs} ms`)), timeoutMs);
      socket.on('connect', onConnect);
      socket.on('connect_error', onError);
    });
  }

  #onDisconnect(reason: string): void {
    this.#failInFlight(`media worker disconnected: ${reason}`);
    if (this.#closed) return;
    this.#log.warn('disconnected() [reason:%s]', reason);
    this.#notify('disconnect', reason);
    // After a server-side disconnect socket.io waits for us to reconnect by hand.
    if (reason === 'io server disconnect') this.#socket?.connect();
  }

  #failInFlight(message: string): void {
    for (const fail of [...this.#inFlight]) fail(unavailable(message));
  }

  /** A faulty listener must not break the socket that delivered the notice. */
  #notify<K extends keyof MediaChannelEvents>(event: K, ...args: MediaChannelEvents[K]): void {
    try {
      (this.emit as (event: K, ...args: MediaChannelEvents[K]) => boolean)(event, ...args);
    } catch (error) {
      this.#log.error({ err: error }, 'listener threw [event:%s]', event);
    }
  }
}

function settle<T>(ack: unknown, resolve: (data: T) => void, reject: (error: AppError) => void): void {
  const parsed = AckShape.safeParse(ack);
  if (!parsed.success) return reject(new AppError('internal_error', 'media worker sent a malformed ack'));
  if (parsed.data.ok) return resolve(parsed.data.data as T);
  const { code, message, details } = parsed.data.error;
  reject(new AppError(isErrorCode(code) ? code : 'internal_error', message, details));
}

function unavailable(message: string): AppError {
  return new AppError('media_unavailable', message);
}
