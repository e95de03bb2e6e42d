import { AppError, type Ack } from '@oac/shared';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { toAppError } from '../http/errors';
import { withLogContext } from '../log-context';

/** The deepest nesting a signalling payload needs (WebRTC parameters stay within five levels). */
export const MAX_PAYLOAD_DEPTH = 10;
/** The most values one signalling payload may hold (a full set of RTP capabilities is about 400). */
export const MAX_PAYLOAD_NODES = 5_000;

/** True when `value` nests deeper, or holds more values, than any real payload does. */
export function exceedsPayloadBounds(value: unknown, maxDepth = MAX_PAYLOAD_DEPTH, maxNodes = MAX_PAYLOAD_NODES): boolean {
  let nodes = 0;
  // Iterative, so that a hostile payload cannot exhaust our own stack while it is being measured.
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    nodes += 1;
    if (nodes > maxNodes || depth > maxDepth) return true;
    if (typeof current !== 'object' || current === null) continue;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The one place that turns anything thrown in a socket handler into an ack error, and logs it by whose fault it is. */
export function toAckError(err: unknown, log: Logger, event: string): Ack<never> {
  const { error, kind } = toAppError(err);
  if (kind === 'bug') log.error({ err, event }, 'socketHandler() failed');
  else if (kind === 'outage') log.warn({ event, code: error.code, cause: (err as Error)?.message }, 'socketHandler() failed');
  else log.debug({ event, code: error.code }, 'socketHandler() refused');
  return { ok: false, error: error.toBody() };
}

/** Decides, before any work, whether a message may be handled now; null to go on. */
export type Gate = (event: string) => AppError | null;

/**
 * Wraps a socket event handler. The ack is the last argument when it is a function, wherever the
 * client put it, so that a frame with no payload or an extra argument still gets its answer
 * (issue 11, §6). Exactly one payload is expected; anything else, a payload too deep or too large,
 * or one that fails `schema`, is a `validation_error`. A frame without an ack is handled silently.
 */
export function handler<S extends z.ZodType, T>(
  log: Logger,
  event: string,
  schema: S,
  fn: (input: z.infer<S>) => Promise<T>,
  gate: Gate = () => null,
  appointmentOf: () => string | undefined = () => undefined,
): (...args: unknown[]) => void {
  return (...args) => {
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as (r: Ack<T>) => void) : () => undefined;
    // Each event is a request of its own for the logs, with the call it belongs to.
    const payloadAppointment = (args[0] as { appointmentId?: unknown } | undefined)?.appointmentId;
    const appointmentId = appointmentOf() ?? (typeof payloadAppointment === 'string' ? payloadAppointment.slice(0, 64) : undefined);
    withLogContext({ requestId: randomUUID(), ...(appointmentId ? { appointmentId } : {}) }, () => run(args, ack));
  };

  function run(args: unknown[], ack: (r: Ack<T>) => void): void {
    Promise.resolve()
      .then(() => {
        const refused = gate(event);
        if (refused) throw refused;
        if (args.length !== 1) {
          throw new AppError('validation_error', `Send exactly one payload with ${event}.`, [{ path: '', code: 'arity' }]);
        }
        if (exceedsPayloadBounds(args[0])) {
          throw new AppError('validation_error', 'The payload nests too deep or holds too much.', [{ path: '', code: 'too_big' }]);
        }
        return fn(schema.parse(args[0]));
      })
      .then(
        (data) => ack({ ok: true, data }),
        (err: unknown) => ack(toAckError(err, log, event)),
      );
  }
}
