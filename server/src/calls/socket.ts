import {
  AgendaEvent,
  AppError,
  CallEvent,
  CallRequests,
  SocketAuth,
  type CallRequestName,
  type CallRequestOf,
  type CallResultOf,
  type ClientToServerEvents,
  type InterServerEvents,
  type JoinTimeReport,
  type ServerToClientEvents,
  type SocketData,
} from '@oac/shared';
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import type { AppointmentService } from '../appointments/service';
import { toStaffAppointment } from '../appointments/views';
import type { AuthService } from '../auth/service';
import type { DocumentService } from '../documents/service';
import type { TicketService } from '../tickets/service';
import { actorOf } from '../audit/audit';
import { toAppError } from '../http/errors';
import { foreignOriginReason, type OriginPolicy } from '../http/origin';
import type { CallBroadcast, CallService, ClerkDirectory, Membership } from './service';
import { handler, type Gate } from './socket-handler';
import { TokenBucket } from './token-bucket';

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const roomName = (appointmentId: string) => `appointment:${appointmentId}`;
/** Every socket of one staff session, so that ending the session closes them, on whichever node. */
const sessionRoom = (tokenHash: string) => `session:${tokenHash}`;

/*
 * Live agenda rooms. An appointment's change reaches the schedulers of its office, the admins, and
 * the clerks who may take it: its own clerk, or all the office's clerks while it has none.
 */
const officeAllRoom = (officeId: string) => `agenda:office:${officeId}`;
const officeClerksRoom = (officeId: string) => `agenda:office-clerks:${officeId}`;
const clerkRoom = (userId: string) => `agenda:clerk:${userId}`;
const ADMINS_ROOM = 'agenda:admins';

function staffRooms(p: SocketData['principal']): string[] {
  if (p.kind !== 'staff') return [];
  if (p.role === 'admin') return [ADMINS_ROOM];
  if (!p.officeId) return [];
  return p.role === 'scheduler' ? [officeAllRoom(p.officeId)] : [clerkRoom(p.userId), officeClerksRoom(p.officeId)];
}

/** Pushes every appointment change to the open agendas allowed to see it. */
export function attachAgendaBroadcast(io: IoServer, appointments: AppointmentService): void {
  appointments.on('changed', (row) => {
    const rooms = [officeAllRoom(row.office_id), ADMINS_ROOM, row.clerk_id ? clerkRoom(row.clerk_id) : officeClerksRoom(row.office_id)];
    io.to(rooms).emit(AgendaEvent.changed, toStaffAppointment(row, appointments.rules));
  });
}

/**
 * Live ticket lists: a ticket's change reaches its office's staff (schedulers and clerks), the
 * admins, its owner and its sessions' clerks, wherever they are rostered. Only its id, number and
 * state travel; each page reads what it shows through the REST routes, which check access.
 */
export function attachTicketBroadcast(io: IoServer, tickets: TicketService): void {
  tickets.on('changed', (row) => {
    const clerks = new Set([...(row.owner_staff_id ? [row.owner_staff_id] : []), ...row.session_clerk_ids]);
    const rooms = [officeAllRoom(row.office_id), officeClerksRoom(row.office_id), ADMINS_ROOM, ...[...clerks].map(clerkRoom)];
    io.to(rooms).emit(AgendaEvent.ticketChanged, { id: row.id, number: row.number, status: row.status });
  });
}

/** setTimeout's longest delay; a later expiry is caught by the periodic check instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function createIo(http: HttpServer, origin: OriginPolicy, log: Logger): IoServer {
  return new Server(http, {
    serveClient: false,
    maxHttpBufferSize: 256 * 1024,
    pingInterval: 10_000,
    pingTimeout: 8_000,
    // A page of another origin, even of the same site, must not open a socket on the staff cookie (issue 11, §2).
    allowRequest: (req, callback) => {
      const reason = foreignOriginReason(req.headers, origin);
      if (reason) log.info({ reason }, 'handshake() refused: foreign origin');
      callback(reason, reason === null);
    },
  });
}

/** The admitted peers of a call: media and who is in it go only to them, never to the lobby. */
const admittedRoom = (appointmentId: string) => `appointment:${appointmentId}:admitted`;

type LooseEmit = (event: string, payload: unknown) => boolean;

/** socket.io rooms as the calls domain's broadcast; `in(socketId)` reaches a socket on any node. */
export function ioBroadcast(io: IoServer): CallBroadcast {
  // socket.io's typed emit cannot follow a generic event key; each payload's type is fixed by its event.
  const emit = (target: { emit: unknown }, event: string, payload: unknown) => (target.emit as LooseEmit).call(target, event, payload);
  return {
    toCall(appointmentId, exceptSocketId, event, payload) {
      const room = io.to(roomName(appointmentId));
      emit(exceptSocketId ? room.except(exceptSocketId) : room, event, payload);
    },
    toAdmitted(appointmentId, exceptSocketId, event, payload) {
      const room = io.to(admittedRoom(appointmentId));
      emit(exceptSocketId ? room.except(exceptSocketId) : room, event, payload);
    },
    toSocket(socketId, event, payload) {
      emit(io.to(socketId), event, payload);
    },
    setAdmitted(socketId, appointmentId, admitted) {
      if (admitted) io.in(socketId).socketsJoin(admittedRoom(appointmentId));
      else io.in(socketId).socketsLeave(admittedRoom(appointmentId));
    },
    detach(socketId, appointmentId) {
      io.in(socketId).socketsLeave([roomName(appointmentId), admittedRoom(appointmentId)]);
    },
  };
}

/**
 * Where clerks are, from their open sockets on every node: any staff page counts as on line, and a
 * clerk admitted to another appointment's call is busy. The appointment's own clerk, or while it
 * has none, any clerk of its office.
 */
export function ioClerkDirectory(io: IoServer): ClerkDirectory {
  return {
    async presence(officeId, clerkId, appointmentId) {
      const sockets = await io.in(clerkId ? clerkRoom(clerkId) : officeClerksRoom(officeId)).fetchSockets();
      const clerks = sockets.filter((s) => s.data.principal?.kind === 'staff' && s.data.principal.role === 'clerk');
      if (clerks.length === 0) return { presence: 'offline', free: [] };
      const busy = new Set(
        clerks
          .filter((s) => s.data.call && s.data.call.appointmentId !== appointmentId)
          .map((s) => (s.data.principal as { userId: string }).userId),
      );
      const free = [...new Set(clerks.map((s) => (s.data.principal as { userId: string }).userId))].filter((id) => !busy.has(id));
      return { presence: free.length > 0 ? 'online' : 'in_another_call', free };
    },
  };
}

export interface SocketLimits {
  eventsPerSecond: number;
  eventBurst: number;
  sessionRecheckSeconds: number;
}

export interface CallSockets {
  /** Stops the periodic session check. */
  close(): void;
}

export function attachCallHandlers(
  io: IoServer,
  deps: {
    auth: AuthService;
    calls: CallService;
    documents: DocumentService;
    log: Logger;
    limits: SocketLimits;
    /** A browser's join time, for the metrics; once per join, from a member of a call only. */
    onJoinTime?: (role: 'citizen' | 'clerk', report: JoinTimeReport) => void;
  },
): CallSockets {
  const { auth, calls, documents, log, limits, onJoinTime } = deps;

  io.use((socket, next) => {
    authenticate(socket, auth).then(
      () => next(),
      (err: unknown) => {
        // Only a real authentication failure says so; a database outage is retryable (issue 11, §5).
        const { error, kind } = toAppError(err);
        if (kind !== 'client') log.warn({ code: error.code, cause: (err as Error)?.message }, 'handshake() failed');
        next(Object.assign(new Error(error.message), { data: error.toBody() }));
      },
    );
  });

  documents.on('added', (doc) => io.to(roomName(doc.appointmentId)).emit(CallEvent.documentAdded, doc));
  auth.on('sessionEnded', ({ tokenHash }) => io.in(sessionRoom(tokenHash)).disconnectSockets(true));
  const recheck = setInterval(() => void recheckSessions(io, auth, log), limits.sessionRecheckSeconds * 1000);
  recheck.unref();

  io.on('connection', (socket: IoSocket) => onConnection(socket, calls, log, limits, onJoinTime));
  return { close: () => clearInterval(recheck) };
}

async function authenticate(socket: IoSocket, auth: AuthService): Promise<void> {
  const parsed = SocketAuth.safeParse(socket.handshake.auth ?? {});
  const token = parsed.success ? parsed.data.appointmentToken : undefined;
  if (token) {
    socket.data.principal = await auth.resolveCitizenToken(token);
    return;
  }
  const session = await auth.resolveStaffSession(socket.request.headers.cookie);
  if (!session) throw new AppError('unauthenticated', 'Please sign in.');
  socket.data.principal = session.principal;
  socket.data.session = { tokenHash: session.tokenHash, expiresAt: session.expiresAt.getTime() };
}

/**
 * Closes the staff sockets of this node whose session ended, expired or whose user was deactivated,
 * wherever that happened. While the database is unreachable nothing is closed: a call in progress
 * does not depend on it.
 */
async function recheckSessions(io: IoServer, auth: AuthService, log: Logger): Promise<void> {
  const sockets = [...io.of('/').sockets.values()].filter((s) => s.data.session);
  if (sockets.length === 0) return;
  let live: Set<string>;
  try {
    live = await auth.liveSessions([...new Set(sockets.map((s) => s.data.session!.tokenHash))]);
  } catch (err) {
    log.warn({ cause: (err as Error)?.message }, 'recheckSessions() skipped: cannot reach the database');
    return;
  }
  for (const socket of sockets) {
    if (live.has(socket.data.session!.tokenHash)) continue;
    log.info({ socketId: socket.id }, 'recheckSessions() session gone: disconnecting');
    socket.disconnect(true);
  }
}

function onConnection(
  socket: IoSocket,
  calls: CallService,
  log: Logger,
  limits: SocketLimits,
  onJoinTime?: (role: 'citizen' | 'clerk', report: JoinTimeReport) => void,
): void {
  let membership: Membership | null = null;
  // One report per join: a page cannot fill the histogram by repeating itself.
  let reportedJoin: string | null = null;
  // Joins, leaves and the disconnect of one socket run one after another, so membership always
  // names the latest join, and a drop in the middle of a join leaves no ghost peer (issue 11, §6).
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

  for (const room of staffRooms(socket.data.principal)) void socket.join(room);
  // A clerk who opens or closes a staff page changes what the citizens waiting for them see.
  const principal = socket.data.principal;
  if (principal.kind === 'staff' && principal.role === 'clerk' && principal.officeId) {
    void calls.refreshLobbies(principal.officeId);
    socket.once('disconnect', () => setImmediate(() => void calls.refreshLobbies(principal.officeId!)));
  }
  if (socket.data.session) {
    void socket.join(sessionRoom(socket.data.session.tokenHash));
    const untilExpiry = socket.data.session.expiresAt - Date.now();
    if (untilExpiry < MAX_TIMER_MS) {
      const expiry = setTimeout(() => socket.disconnect(true), Math.max(0, untilExpiry));
      socket.once('disconnect', () => clearTimeout(expiry));
    }
  }

  const gate = signallingGate(socket, log, limits);
  // An event nobody handles still gets its answer, so that a client never waits on a frame forever.
  socket.onAny((event: string, ...args: unknown[]) => {
    const ack = args.at(-1);
    if (Object.hasOwn(CallRequests, event) || typeof ack !== 'function') return;
    const refused = gate(event) ?? new AppError('validation_error', 'There is no such event.', [{ path: 'event', code: 'unknown' }]);
    (ack as (r: unknown) => void)({ ok: false, error: refused.toBody() });
  });
  const leaveCurrent = async (reason: 'left' | 'connection_lost' | 'rejoin') => {
    if (!membership) return;
    const m = membership;
    membership = null;
    socket.data.call = undefined;
    await Promise.all([socket.leave(roomName(m.appointmentId)), socket.leave(admittedRoom(m.appointmentId))]);
    await calls.leave(m, reason, actorOf(socket.data.principal));
  };

  // Every request of the protocol has its handler here: the type refuses a missing one.
  const handlers: { [E in CallRequestName]: (input: CallRequestOf<E>) => Promise<CallResultOf<E>> } = {
    [CallEvent.join]: ({ appointmentId, devices }) =>
      serial(async () => {
        if (socket.disconnected) throw new AppError('not_in_call', 'This connection has closed.');
        await leaveCurrent('rejoin');
        // In the call's room before the join is announced, so that nothing said meanwhile is missed.
        await socket.join(roomName(appointmentId));
        try {
          const { membership: m, result } = await calls.join(socket.data.principal, socket.id, appointmentId, devices);
          membership = m;
          socket.data.call = m;
          return result;
        } catch (err) {
          await socket.leave(roomName(appointmentId));
          throw err;
        }
      }),
    [CallEvent.admit]: ({ peerId }) => calls.admit(member(), peerId, socket.data.principal),
    [CallEvent.returnToLobby]: ({ peerId }) => calls.returnToLobby(member(), peerId, socket.data.principal),
    [CallEvent.setDevices]: (devices) => calls.setDevices(member(), devices),
    [CallEvent.restartIce]: ({ transportId }) => calls.restartIce(member(), transportId),
    [CallEvent.setConsumerLayers]: (req) => calls.setConsumerLayers(member(), req),
    [CallEvent.chatSend]: ({ text }) => calls.chat(member(), socket.data.principal, text),
    [CallEvent.switchToVideo]: () => calls.switchToVideo(member(), socket.data.principal),
    [CallEvent.reportJoinTime]: async (report) => {
      const m = member();
      if (reportedJoin === m.peerId) return null;
      reportedJoin = m.peerId;
      onJoinTime?.(m.role, report);
      return null;
    },
    [CallEvent.createTransport]: (req) => calls.createTransport(member(), req),
    [CallEvent.connectTransport]: (req) => calls.connectTransport(member(), req),
    [CallEvent.produce]: (req) => calls.produce(member(), req),
    [CallEvent.consume]: (req) => calls.consume(member(), req),
    [CallEvent.resumeConsumer]: (req) => calls.resumeConsumer(member(), req.consumerId),
    [CallEvent.setProducerPaused]: (req) => calls.setProducerPaused(member(), req),
    [CallEvent.leave]: () =>
      serial(async () => {
        await leaveCurrent('left');
        return null;
      }),
  };
  for (const event of Object.keys(handlers) as CallRequestName[]) {
    // Each payload is parsed with its schema from the protocol map before its handler runs.
    // socket.io's typed on() cannot follow a generic event key, and every payload is `unknown` anyway.
    const listener = handler(
      log,
      event,
      CallRequests[event].request,
      handlers[event] as (input: unknown) => Promise<unknown>,
      gate,
      () => membership?.appointmentId,
    );
    (socket as unknown as { on(e: string, l: (...args: unknown[]) => void): void }).on(event, listener);
  }
  socket.on('disconnect', (reason) => {
    // Only a page that closed its socket itself has left; any other drop is a connection that usually comes back.
    const why = reason === 'client namespace disconnect' ? 'left' : 'connection_lost';
    void serial(() => leaveCurrent(why)).catch((err: unknown) => log.warn({ err, socketId: socket.id }, 'disconnect() leave failed'));
  });
}

/**
 * Rate-limits one socket's signalling with a token bucket. A refused message gets `rate_limited`
 * with the wait; a socket that keeps flooding after a whole burst of refusals is disconnected.
 */
function signallingGate(socket: IoSocket, log: Logger, limits: SocketLimits): Gate {
  const bucket = new TokenBucket({ perSecond: limits.eventsPerSecond, burst: limits.eventBurst });
  let refusedInARow = 0;
  return (event) => {
    if (bucket.take()) {
      refusedInARow = 0;
      return null;
    }
    refusedInARow += 1;
    if (refusedInARow === limits.eventBurst) {
      log.warn({ socketId: socket.id, event }, 'signallingGate() flood: disconnecting');
      socket.disconnect(true);
    }
    return new AppError('rate_limited', 'Too many messages. Slow down.', {
      retryAfterSeconds: Math.max(1, Math.ceil(bucket.waitMs / 1000)),
    });
  };
}
