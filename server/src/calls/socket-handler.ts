import { AppError, type Ack } from '@oac/shared';
import type { Logger } from 'pino';
import { ZodError, type z } from 'zod';
import { fromZod } from '../http/errors';

/** The one place that turns anything thrown in a socket handler into an ack error. */
export function toAckError(err: unknown, log: Logger, event: string): Ack<never> {
  if (err instanceof AppError) return { ok: false, error: err.toBody() };
  if (err instanceof ZodError) return { ok: false, error: fromZod(err).toBody() };
  log.error({ err, event }, 'socketHandler() failed');
  return { ok: false, error: { code: 'internal_error', message: 'Something went wrong on our side. Please try again.' } };
}

/**
 * Wraps a socket event handler: the payload is parsed with its schema before the handler runs,
 * and the result, or the error, goes back through the ack. A client that sends no ack callback
 * still gets its request handled, just without an answer.
 */
export function handler<S extends z.ZodType, T>(
  log: Logger,
  event: string,
  schema: S,
  fn: (input: z.infer<S>) => Promise<T>,
): (payload: unknown, ack: unknown) => void {
  return (payload, ack) => {
    const reply = typeof ack === 'function' ? (ack as (r: Ack<T>) => void) : () => undefined;
    Promise.resolve()
      .then(() => fn(schema.parse(payload)))
      .then(
        (data) => reply({ ok: true, data }),
        (err: unknown) => reply(toAckError(err, log, event)),
      );
  };
}
