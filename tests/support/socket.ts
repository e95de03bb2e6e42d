import { LIVE_NAMESPACE, type Ack, type ClientToServerEvents, type ServerToClientEvents } from '@oac/shared';
import { io, type Socket } from 'socket.io-client';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface SocketAuthOptions {
  token?: string;
  cookie?: string;
  /** Sent as the handshake's Origin header, as a browser page would. */
  origin?: string;
}

/** A socket.io client as a browser's, connected or refused; a refusal carries the server's error body in `data`. */
export function connectSocket(url: string, auth: SocketAuthOptions, track?: ClientSocket[]): Promise<ClientSocket> {
  const headers: Record<string, string> = {};
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.origin) headers.origin = auth.origin;
  const socket: ClientSocket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    auth: auth.token ? { appointmentToken: auth.token } : {},
    extraHeaders: headers,
  });
  track?.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(Object.assign(err, { data: (err as { data?: unknown }).data }));
    });
  });
}

/** A socket on the live namespace (attend me now): a waiting page by its token, or a clerk by their cookie. */
export function connectLive(url: string, auth: { liveToken?: string; cookie?: string }, track?: { close(): void }[]): Promise<Socket> {
  const socket = io(`${url}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    reconnection: false,
    auth: auth.liveToken ? { liveToken: auth.liveToken } : {},
    extraHeaders: auth.cookie ? { cookie: auth.cookie } : {},
  });
  track?.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(Object.assign(err, { data: (err as { data?: unknown }).data }));
    });
  });
}

/** Emits one event with one payload and waits for its ack; `timeout` when none comes. */
export async function ask<T = unknown>(
  socket: ClientSocket,
  event: keyof ClientToServerEvents,
  payload: unknown,
  timeoutMs = 10_000,
): Promise<Ack<T> | 'timeout'> {
  try {
    return (await (socket.timeout(timeoutMs) as unknown as { emitWithAck(e: string, p: unknown): Promise<Ack<T>> }).emitWithAck(
      event,
      payload,
    )) as Ack<T>;
  } catch {
    return 'timeout';
  }
}

/** Resolves when the socket disconnects, with the reason; rejects after `timeoutMs`. */
export function disconnected(socket: ClientSocket, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    if (socket.disconnected) return resolve('already');
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}
