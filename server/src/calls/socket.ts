import {
  AppError,
  CallEvent,
  ConnectTransportRequest,
  ConsumeRequest,
  CreateTransportRequest,
  JoinRequest,
  ProduceRequest,
  ResumeConsumerRequest,
  SetProducerPausedRequest,
  SocketAuth,
  type ClientToServerEvents,
  type InterServerEvents,
  type ServerToClientEvents,
  type SocketData,
} from '@oac/shared';
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { AuthService } from '../auth/service';
import type { DocumentService } from '../documents/service';
import type { CallBroadcast, CallService, Membership } from './service';
import { handler } from './socket-handler';

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const roomName = (appointmentId: string) => `appointment:${appointmentId}`;

export function createIo(http: HttpServer): IoServer {
  return new Server(http, { serveClient: false, maxHttpBufferSize: 256 * 1024, pingInterval: 10_000, pingTimeout: 8_000 });
}

/** socket.io rooms as the calls domain's broadcast. */
export function ioBroadcast(io: IoServer): CallBroadcast {
  return {
    toRoom(appointmentId, exceptSocketId, emit) {
      const target = exceptSocketId ? io.to(roomName(appointmentId)).except(exceptSocketId) : io.to(roomName(appointmentId));
      emit({
        peerJoined: (p) => target.emit(CallEvent.peerJoined, p),
        peerLeft: (p) => target.emit(CallEvent.peerLeft, p),
        newProducer: (p) => target.emit(CallEvent.newProducer, p),
        producerClosed: (p) => target.emit(CallEvent.producerClosed, p),
        producerPaused: (p) => target.emit(CallEvent.producerPaused, p),
        restart: (p) => target.emit(CallEvent.restart, p),
      });
    },
    disconnect(socketId) {
      io.sockets.sockets.get(socketId)?.disconnect(true);
    },
  };
}

export function attachCallHandlers(
  io: IoServer,
  deps: { auth: AuthService; calls: CallService; documents: DocumentService; log: Logger },
): void {
  const { auth, calls, documents, log } = deps;

  // Authenticate the handshake: the citizen's private token, else the staff session cookie.
  io.use((socket, next) => {
    const parsed = SocketAuth.safeParse(socket.handshake.auth ?? {});
    const token = parsed.success ? parsed.data.appointmentToken : undefined;
    const principal = token
      ? auth.resolveCitizenToken(token)
      : auth
          .resolve(undefined, socket.request.headers.cookie)
          .then((p) => p ?? Promise.reject(new AppError('unauthenticated', 'Please sign in.')));
    principal.then(
      (p) => {
        socket.data.principal = p;
        next();
      },
      (err: unknown) => {
        const e = err instanceof AppError ? err : new AppError('unauthenticated', 'Please sign in.');
        next(Object.assign(new Error(e.message), { data: e.toBody() }));
      },
    );
  });

  documents.on('added', (doc) => io.to(roomName(doc.appointmentId)).emit(CallEvent.documentAdded, doc));

  io.on('connection', (socket: IoSocket) => {
    let membership: Membership | null = null;
    // Joins and leaves of one socket run one after another, so membership always names the latest join.
    let queue: Promise<unknown> = Promise.resolve();
    const serial = <T>(fn: () => Promise<T>): Promise<T> => {
      const next = queue.then(fn, fn);
      queue = next.catch(() => undefined);
      return next;
    };
    const member = (): Membership => {
      if (!membership) throw new AppError('not_in_call', 'Join the call first.');
      return membership;
    };

    // Registers a handler under its event name, once; the payload is parsed with `schema` first.
    // socket.io's typed on() cannot follow a generic event key, and every payload here is `unknown` anyway.
    const on = <S extends z.ZodType, T>(event: keyof ClientToServerEvents, schema: S, fn: (input: z.infer<S>) => Promise<T>) =>
      (socket as unknown as { on(e: string, l: (payload: unknown, ack: unknown) => void): void }).on(
        event,
        handler(log, event, schema, fn),
      );
    const leaveCurrent = async (reason: string) => {
      if (!membership) return;
      await socket.leave(roomName(membership.appointmentId));
      await calls.leave(membership, reason);
      membership = null;
      socket.data.call = undefined;
    };

    on(CallEvent.join, JoinRequest, ({ appointmentId }) =>
      serial(async () => {
        await leaveCurrent('rejoin');
        const { membership: m, result } = await calls.join(socket.data.principal, socket.id, appointmentId);
        membership = m;
        socket.data.call = m;
        await socket.join(roomName(appointmentId));
        return result;
      }),
    );
    on(CallEvent.createTransport, CreateTransportRequest, (req) => calls.createTransport(member(), req));
    on(CallEvent.connectTransport, ConnectTransportRequest, (req) => calls.connectTransport(member(), req));
    on(CallEvent.produce, ProduceRequest, (req) => calls.produce(member(), req));
    on(CallEvent.consume, ConsumeRequest, (req) => calls.consume(member(), req));
    on(CallEvent.resumeConsumer, ResumeConsumerRequest, (req) => calls.resumeConsumer(member(), req.consumerId));
    on(CallEvent.setProducerPaused, SetProducerPausedRequest, (req) => calls.setProducerPaused(member(), req));
    on(CallEvent.leave, z.unknown(), () =>
      serial(async () => {
        await leaveCurrent('left');
        return null;
      }),
    );
    socket.on('disconnect', (reason) => {
      if (membership) void calls.leave(membership, `disconnect:${reason}`);
      membership = null;
    });
  });
}
