import { AppError } from '@oac/shared';
import { MulterError } from 'multer';
import { ZodError } from 'zod';

/**
 * The one place that turns anything thrown on the HTTP side into an AppError. Unknown errors
 * become `internal_error`; the caller learns nothing more, and the cause is logged.
 */
export function toAppError(err: unknown): { error: AppError; unexpected: boolean } {
  if (err instanceof AppError) return { error: err, unexpected: false };
  if (err instanceof ZodError) return { error: fromZod(err), unexpected: false };
  if (err instanceof MulterError) return { error: fromMulter(err), unexpected: false };
  const e = err as { type?: string; status?: number; expose?: boolean } | null;
  // body-parser's errors carry a `type`; see the list in body-parser's README.
  if (e?.type === 'entity.parse.failed')
    return { error: new AppError('malformed_json', 'The request body is not valid JSON.'), unexpected: false };
  if (e?.type === 'entity.too.large')
    return { error: new AppError('payload_too_large', 'The request body is too large.'), unexpected: false };
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
    return { error: new AppError('unsupported_media_type', 'Unsupported body encoding.'), unexpected: false };
  }
  // Express's own client errors (a path that is not valid percent-encoding, say) carry a 4xx status.
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    return { error: new AppError('validation_error', 'The request could not be read.'), unexpected: false };
  }
  return { error: new AppError('internal_error', 'Something went wrong on our side. Please try again.'), unexpected: true };
}

export function fromZod(err: ZodError): AppError {
  return new AppError(
    'validation_error',
    'Some fields are missing or not valid.',
    err.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message })),
  );
}

function fromMulter(err: MulterError): AppError {
  if (err.code === 'LIMIT_FILE_SIZE') return new AppError('payload_too_large', 'The file is larger than the limit.');
  return new AppError('validation_error', `The upload could not be read (${err.code.toLowerCase()}).`, { field: err.field });
}
