import {
  isErrorCode,
  type Ack,
  type CallPayloadOf,
  type CallRequestName,
  type CallResultOf,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@oac/shared';
import { io, type Socket } from 'socket.io-client';
import { Failure } from '../api/failure';

export type CallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Who is calling: the citizen shows the private token; staff ride on their session cookie. */
export type CallAuth = { kind: 'citizen'; token: string } | { kind: 'staff' };

/** A socket to the same origin, not yet connected, so listeners can be attached first. */
export function createCallSocket(auth: CallAuth): CallSocket {
  return io({
    auth: auth.kind === 'citizen' ? { appointmentToken: auth.token } : {},
    withCredentials: true,
    autoConnect: false,
    // WebSocket first saves the long-polling handshake and upgrade before Join can start;
    // a network that blocks WebSockets still gets through on long-polling.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    // A call is worth retrying briskly: a dropped connection is back within two seconds of the network.
    reconnectionDelay: 300,
    reconnectionDelayMax: 2_000,
  });
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Emits a call event and waits for its ack, which is always a result: the data, or a
 * Failure carrying the server's error code. A missing answer becomes a `timeout`.
 */
export async function request<E extends CallRequestName>(
  socket: CallSocket,
  event: E,
  payload: CallPayloadOf<E>,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<CallResultOf<E>> {
  let result: Ack<CallResultOf<E>>;
  try {
    // The event map's payloads are `unknown` and the ack type is fixed by E above, so an
    // untyped view of emitWithAck loses nothing; socket.io's generics cannot follow a generic E.
    const timed = socket.timeout(timeoutMs) as unknown as { emitWithAck(event: E, payload: unknown): Promise<unknown> };
    result = (await timed.emitWithAck(event, payload)) as Ack<CallResultOf<E>>;
  } catch {
    throw new Failure('timeout', `${event}: no answer within ${timeoutMs} ms`);
  }
  if (typeof result !== 'object' || result === null || !('ok' in result)) {
    throw new Failure('unexpected_response', `${event}: the ack is not a result`);
  }
  if (!result.ok) {
    const { code, message, details } = result.error;
    throw new Failure(isErrorCode(code) ? code : 'internal_error', message, null, details);
  }
  return result.data;
}

/** Reads the error a server-side middleware attached to a refused connection. */
export function failureFromConnectError(error: Error & { data?: unknown }): Failure {
  const data = error.data as { code?: unknown } | undefined;
  if (isErrorCode(data?.code)) return new Failure(data.code, error.message);
  if (isErrorCode(error.message)) return new Failure(error.message, error.message);
  return new Failure('network_error', error.message);
}
