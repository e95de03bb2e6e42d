import { errors as mediasoupErrors } from 'mediasoup';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError, type ErrorBody } from '@oac/shared';

/**
 * The one place where the channel turns anything thrown into an error body. An AppError
 * is the caller's business; anything else is our bug: log its cause, say nothing more.
 */
export function toErrorBody(error: unknown, log: Logger, command: string): ErrorBody {
  if (error instanceof AppError) return error.toBody();
  // The object closed inside the worker between our lookup and the request (its producer went away, say).
  if (error instanceof mediasoupErrors.NotFoundError) return { code: 'not_found', message: 'That media object is gone.' };
  log.error({ err: error }, 'command failed [command:%s]', command);
  return { code: 'internal_error', message: 'internal error' };
}

export function validationError(error: z.ZodError): AppError {
  const issues = error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
  return new AppError('validation_error', 'invalid payload', issues);
}
