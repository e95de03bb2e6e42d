import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * What every log line written while serving one request or socket event carries (issue 17): the
 * request's id, which the response echoes in `X-Request-Id` and the media worker's lines repeat,
 * and the appointment it is about, once known.
 */
export interface LogContext {
  requestId: string;
  appointmentId?: string;
}

const store = new AsyncLocalStorage<LogContext>();

/** An id a caller (a proxy, a load balancer) may hand in; anything else is replaced by our own. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return store.run(context, fn);
}

export function logContext(): LogContext | undefined {
  return store.getStore();
}

/** Names the appointment the current request turns out to be about. */
export function setLogAppointment(appointmentId: string): void {
  const current = store.getStore();
  if (current) current.appointmentId = appointmentId;
}

/** The fields pino adds to each line (its `mixin`). */
export function logFields(): Record<string, string> {
  const c = store.getStore();
  if (!c) return {};
  return c.appointmentId ? { requestId: c.requestId, appointmentId: c.appointmentId } : { requestId: c.requestId };
}
