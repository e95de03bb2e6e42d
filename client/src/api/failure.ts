import { errorStatus, isErrorCode, type ErrorCode } from '@oac/shared';

/** Failures only the browser can observe; the server never sends these codes. */
export const clientOnlyCodes = ['network_error', 'timeout', 'unexpected_response', 'media_connection_failed'] as const;
export type ClientOnlyCode = (typeof clientOnlyCodes)[number];

/** Every failure the UI can explain to a person; each one is an i18n key. */
export type FailureCode = ErrorCode | ClientOnlyCode;

/** A failed request, over HTTP or a socket ack, with a code the UI translates. */
export class Failure extends Error {
  readonly code: FailureCode;
  readonly status: number | null;
  readonly details?: unknown;

  constructor(code: FailureCode, message: string, status: number | null = null, details?: unknown) {
    super(message);
    this.name = 'Failure';
    this.code = code;
    this.status = status ?? (isErrorCode(code) ? errorStatus[code] : null);
    this.details = details;
  }
}

/** The one place that turns anything thrown into a Failure. */
export function toFailure(error: unknown): Failure {
  if (error instanceof Failure) return error;
  if (error instanceof TypeError) return new Failure('network_error', error.message);
  const message = error instanceof Error ? error.message : String(error);
  return new Failure('internal_error', message);
}

/** When a proxy or the browser answers instead of our server, the status is all there is. */
function codeFromStatus(status: number): ErrorCode {
  const byStatus: Partial<Record<number, ErrorCode>> = {
    400: 'validation_error',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
    503: 'media_unavailable',
  };
  return byStatus[status] ?? 'internal_error';
}

/** Reads an HTTP error body `{ error: { code, message, details? } }`, tolerating anything else. */
export function failureFromBody(status: number, body: unknown): Failure {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === 'object' && error !== null) {
      const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown };
      if (isErrorCode(code)) return new Failure(code, typeof message === 'string' ? message : code, status, details);
    }
  }
  return new Failure(codeFromStatus(status), `HTTP ${status}`, status);
}
