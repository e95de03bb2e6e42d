import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import {
  MediaChannelAuth,
  MediaCommand,
  MediaNotice,
  type Ack,
  type MediaCommandPayload,
  type MediaCommandName,
  type MediaCommandResult,
  type MediaCommands,
  type MediaNotices,
} from '@oac/shared';
import { commandSchema, type CommandHandler, type CommandHandlers } from './commands';
import { toErrorBody, validationError } from './errors';
import { createLogger, withCommandContext } from './logger';
import type { RoomRegistry } from './RoomRegistry';

const log = createLogger('ChannelServer');

const LISTEN_HOST = '127.0.0.1';

type ChannelSocket = Socket<MediaCommands, MediaNotices>;

export interface ChannelServerOptions {
  port: number;
  secret: string;
  handlers: CommandHandlers;
  rooms: RoomRegistry;
}

/**
 * The media worker's end of the channel: a socket.io server on loopback that only the
 * server, holding the shared secret, may connect to. It answers commands and broadcasts
 * notices.
 */
export class ChannelServer {
  readonly #http: HttpServer;
  readonly #io: Server<MediaCommands, MediaNotices>;
  readonly #secretDigest: Buffer;
  readonly #handlers: CommandHandlers;
  #closed = false;

  private constructor(options: ChannelServerOptions) {
    this.#secretDigest = digest(options.secret);
    this.#handlers = options.handlers;
    this.#http = createServer();
    this.#io = new Server<MediaCommands, MediaNotices>(this.#http, {
      serveClient: false,
      transports: ['websocket'],
      // WebRTC parameters are a few kilobytes; nothing legitimate comes near this.
      maxHttpBufferSize: 256 * 1024,
    });
    this.#io.use((socket, next) => next(this.#authenticate(socket)));
    this.#io.on('connection', (socket) => this.#onConnection(socket));
    this.#forwardNotices(options.rooms);
  }

  static async listen(options: ChannelServerOptions): Promise<ChannelServer> {
    const server = new ChannelServer(options);
    await new Promise<void>((resolve, reject) => {
      server.#http.once('error', reject);
      server.#http.listen(options.port, LISTEN_HOST, () => {
        server.#http.off('error', reject);
        resolve();
      });
    });
    return server;
  }

  get port(): number {
    return (this.#http.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    log.debug('close()');
    await new Promise<void>((resolve) => this.#io.close(() => resolve()));
  }

  #authenticate(socket: ChannelSocket): Error | undefined {
    const auth = MediaChannelAuth.safeParse(socket.handshake.auth);
    if (auth.success && timingSafeEqual(digest(auth.data.secret), this.#secretDigest)) return undefined;
    log.warn('connection refused [address:%s]', socket.handshake.address);
    return Object.assign(new Error('unauthenticated'), { data: { code: 'unauthenticated' } });
  }

  #onConnection(socket: ChannelSocket): void {
    log.info('server connected [socketId:%s]', socket.id);
    socket.on('disconnect', (reason) => log.info('server disconnected [socketId:%s, reason:%s]', socket.id, reason));
    for (const command of Object.values(MediaCommand)) {
      const listener = (payload: unknown, ack: unknown): void => void this.#answer(command, payload, ack);
      // The typed map declares parsed payloads; here they are still unknown, on purpose.
      socket.on(command, listener as MediaCommands[typeof command]);
    }
  }

  async #answer<K extends MediaCommandName>(command: K, payload: unknown, ack: unknown): Promise<void> {
    if (typeof ack !== 'function') {
      log.warn('command without ack ignored [command:%s]', command);
      return;
    }
    (ack as (result: Ack<MediaCommandResult<K>>) => void)(await this.#run(command, payload));
  }

  async #run<K extends MediaCommandName>(command: K, payload: unknown): Promise<Ack<MediaCommandResult<K>>> {
    const handler = this.#handlers[command] as CommandHandler<K>;
    try {
      const parsed = commandSchema(command).safeParse(payload);
      if (!parsed.success) throw validationError(parsed.error);
      const { roomId, requestId } = parsed.data as { roomId?: string; requestId?: string };
      const run = () => handler(parsed.data as MediaCommandPayload<K>);
      const data = roomId ? await withCommandContext({ roomId, ...(requestId ? { requestId } : {}) }, run) : await run();
      return { ok: true, data };
    } catch (error) {
      return { ok: false, error: toErrorBody(error, log, command) };
    }
  }

  #forwardNotices(rooms: RoomRegistry): void {
    rooms.on('producerclose', (roomId, peerId, producerId) => {
      this.#io.emit(MediaNotice.producerClosed, { roomId, peerId, producerId });
    });
    rooms.on('roomclose', (roomId, reason) => {
      // The server asked for this one; it needs no news of it.
      if (reason === 'requested') return;
      this.#io.emit(MediaNotice.roomClosed, { roomId, reason });
    });
  }
}

/** Equal-length digests let timingSafeEqual compare secrets of any length. */
function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
