import { AppError, LIVE_NAMESPACE, LivePush, LiveSocketAuth, type LiveServerToClient } from '@oac/shared';
import type { Logger } from 'pino';
import type { Namespace } from 'socket.io';
import type { IoServer } from '../calls/socket';
import type { AuthService } from '../auth/service';
import { toAppError } from '../http/errors';
import type { LiveService } from './service';

interface LiveSocketData {
  entryId?: string;
  staffId?: string;
}

const entryRoom = (id: string) => `live:entry:${id}`;
const queueRoom = (id: string) => `live:queue:${id}`;
const deskRoom = (id: string) => `live:desk:${id}`;

/**
 * The live namespace: waiting pages by their token, clerks by their session. When a queue moves,
 * the node where it moved reads the whole line once and pushes each waiting page its own status;
 * when an offer changes, the clerk's desk. The rooms are socket.io's, so with a shared adapter the
 * pushes reach pages connected to any node. A connected page keeps its place as its polling would.
 */
export function attachLiveSockets(io: IoServer, live: LiveService, auth: AuthService, log: Logger, everyMs: number): { close(): void } {
  // Its own events, apart from the calls' protocol on the main namespace.
  const nsp = io.of(LIVE_NAMESPACE) as unknown as Namespace<Record<string, never>, LiveServerToClient>;
  nsp.use((socket, next) => {
    void (async () => {
      const parsed = LiveSocketAuth.safeParse(socket.handshake.auth ?? {});
      const data = socket.data as LiveSocketData;
      if (parsed.success && parsed.data.liveToken) {
        const entry = await live.entryOf(parsed.data.liveToken);
        data.entryId = entry.id;
        await socket.join([entryRoom(entry.id), queueRoom(entry.queueId)]);
        return;
      }
      const session = await auth.resolveStaffSession(socket.request.headers.cookie);
      if (session?.principal.kind !== 'staff' || session.principal.role !== 'clerk')
        throw new AppError('unauthenticated', 'Please sign in.');
      data.staffId = session.principal.userId;
      await socket.join(deskRoom(session.principal.userId));
    })().then(
      () => next(),
      (err: unknown) => {
        const { error } = toAppError(err);
        next(Object.assign(new Error(error.message), { data: error.toBody() }));
      },
    );
  });
  nsp.on('connection', (socket) => {
    // The current state at once, so a page never waits for the line to move to show it.
    const { entryId, staffId } = socket.data as LiveSocketData;
    const first = entryId
      ? live.statusOf(entryId).then((status) => status && socket.emit(LivePush.status, status))
      : live.deskOf(staffId!).then((desk) => socket.emit(LivePush.desk, desk));
    first.catch((err: unknown) => log.warn({ err }, 'live connection: first push failed'));
  });

  // One read of a line per burst of changes: a burst of offers moves the queue once.
  const pending = new Set<string>();
  let flushing: Promise<void> | null = null;
  const flush = async () => {
    while (pending.size) {
      const queues = [...pending];
      pending.clear();
      for (const queueId of queues) {
        const statuses = await live.snapshot(queueId);
        for (const [entryId, status] of statuses) nsp.to(entryRoom(entryId)).emit(LivePush.status, status);
      }
    }
  };
  live.on('queueChanged', (queueId) => {
    pending.add(queueId);
    flushing ??= flush()
      .catch((err: unknown) => log.warn({ err }, 'live push failed'))
      .finally(() => (flushing = null));
  });
  // An entry that left the line (served, gone) is told too: it is no longer in the snapshot.
  live.on('entryChanged', (entryId) => {
    live
      .statusOf(entryId)
      .then((s) => s && nsp.to(entryRoom(entryId)).emit(LivePush.status, s))
      .catch((err: unknown) => log.warn({ err }, 'live push failed'));
  });
  live.on('deskChanged', (staffId) => {
    live
      .deskOf(staffId)
      .then((desk) => nsp.to(deskRoom(staffId)).emit(LivePush.desk, desk))
      .catch((err: unknown) => log.warn({ err }, 'desk push failed'));
  });

  const seen = setInterval(() => {
    const ids = [...nsp.sockets.values()].map((s) => (s.data as LiveSocketData).entryId).filter((id): id is string => !!id);
    live.keepSeen(ids).catch((err: unknown) => log.warn({ err }, 'keepSeen() failed'));
  }, everyMs);
  seen.unref();
  return { close: () => clearInterval(seen) };
}
