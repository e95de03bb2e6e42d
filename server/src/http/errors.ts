import { AppError } from '@oac/shared';
import { MulterError } from 'multer';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '../db/errors';

/** How long a client should wait before retrying when PostgreSQL is unavailable. */
const DATABASE_RETRY_AFTER_SECONDS = 2;

/**
 * What an error says about whose fault it is: the caller's (`client`, logged at debug), a part of
 * the platform being down (`outage`, logged at warn without a stack), or our own bug (`bug`,
 * logged at error with its cause).
 */
export type ErrorKind = 'client' | 'outage' | 'bug';

/**
 * The one function that turns anything thrown, over HTTP or a socket, into an AppError. Unknown
 * errors become `internal_error`; the caller learns nothing more, and the cause is logged.
 */
export function toAppError(err: unknown): { error: AppError; kind: ErrorKind } {
  if (err instanceof AppError) return { error: err, kind: err.status >= 500 ? 'outage' : 'client' };
  if (err instanceof ZodError) return { error: fromZod(err), kind: 'client' };
  if (err instanceof MulterError) return { error: fromMulter(err), kind: 'client' };
  if (isDatabaseUnavailable(err)) return { error: databaseUnavailable(), kind: 'outage' };
  const e = err as { type?: string; status?: number; expose?: boolean } | null;
  // body-parser's errors carry a `type`; see the list in body-parser's README.
  if (e?.type === 'entity.parse.failed')
    return { error: new AppError('malformed_json', 'The request body is not valid JSON.'), kind: 'client' };
  if (e?.type === 'entity.too.large') return { error: new AppError('payload_too_large', 'The request body is too large.'), kind: 'client' };
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return { error: new AppError('unsupported_media_type', 'Unsupported body encoding.'), kind: 'client' };
  }
  // Express's own client errors (a path that is not valid percent-encoding, say) carry a 4xx status.
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return { error: new AppError('validation_error', 'The request could not be read.'), kind: 'client' };
  }
  return { error: new AppError('internal_error', 'Something went wrong on our side. Please try again.'), kind: 'bug' };
}

export function databaseUnavailable(): AppError {
  return new AppError('database_unavailable', 'The service is briefly unavailable. Please try again in a moment.', {
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
  });
}

export function fromZod(err: ZodError): AppError {
  return new AppError(
    'validation_error',
    'Some fields are missing or not valid.',
    err.issues.slice(0, 20).map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message })),
  );
}

function fromMulter(err: MulterError): AppError {
  if (err.code === 'LIMIT_FILE_SIZE') return new AppError('payload_too_large', 'The file is larger than the limit.');
  return new AppError('validation_error', `The upload could not be read (${err.code.toLowerCase()}).`, { field: err.field });
}
