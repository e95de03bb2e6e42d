/**
 * Stable, snake_case error codes. They travel in every error response and ack,
 * and double as i18n keys in the client, so never rename one.
 */
export const errorStatus = {
  validation_error: 400,
  malformed_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_token: 401,
  forbidden: 403,
  forbidden_origin: 403,
  survey_not_yours: 403,
  not_found: 404,
  slot_not_found: 404,
  appointment_not_found: 404,
  document_not_found: 404,
  ticket_not_found: 404,
  survey_not_found: 404,
  queue_not_found: 404,
  peak_not_found: 404,
  verification_code_unknown: 404,
  signature_request_not_found: 404,
  document_deleted: 410,
  slot_taken: 409,
  not_in_call: 409,
  already_booked: 409,
  room_full: 409,
  media_limit_exceeded: 409,
  invalid_transition: 409,
  join_not_open: 409,
  join_closed: 409,
  appointment_closed: 409,
  change_cutoff_passed: 409,
  no_show_too_early: 409,
  outcome_locked: 409,
  hours_overlap: 409,
  shift_overlap: 409,
  capacity_below_bookings: 409,
  clerk_busy: 409,
  not_a_video_call: 409,
  email_taken: 409,
  code_taken: 409,
  slug_taken: 409,
  ticket_prefix_taken: 409,
  last_admin: 409,
  reopen_period_passed: 409,
  offer_expired: 409,
  survey_already_answered: 409,
  queue_code_taken: 409,
  queue_inactive: 409,
  peak_overlap: 409,
  peak_ended: 409,
  document_limit_files: 409,
  document_not_issuable: 409,
  document_already_sealed: 409,
  payload_too_large: 413,
  document_limit_bytes: 413,
  document_too_large_to_process: 413,
  unsupported_media_type: 415,
  document_polyglot: 415,
  slot_in_past: 422,
  service_not_offered: 422,
  document_not_stampable: 422,
  document_not_signable: 422,
  document_too_many_pages: 422,
  document_damaged: 422,
  document_too_large_inflated: 422,
  document_image_too_large: 422,
  document_active_content: 422,
  document_too_complex: 422,
  document_processing_timeout: 422,
  hours_end_before_start: 422,
  unknown_time_zone: 422,
  channel_not_offered: 422,
  survey_rating_out_of_range: 422,
  unknown_staff: 422,
  not_a_clerk: 422,
  staff_inactive: 422,
  sla_resolve_before_own: 422,
  peak_dates_reversed: 422,
  peak_too_long: 422,
  peak_in_past: 422,
  peak_empty: 422,
  rate_limited: 429,
  booking_rate_limited: 429,
  internal_error: 500,
  media_unavailable: 503,
  media_busy: 503,
  storage_unavailable: 503,
  server_draining: 503,
  document_processing_busy: 503,
  timestamp_unavailable: 503,
  database_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** A typed application error; `status` follows from `code`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = errorStatus[code];
    this.details = details;
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/**
 * Failures that pass by themselves: a part of the platform is down or busy, or the caller is
 * going too fast. A client retries these with backoff; every other code is final for that request.
 */
export const RETRYABLE_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'rate_limited',
  'media_unavailable',
  'media_busy',
  'storage_unavailable',
  'document_processing_busy',
  'timestamp_unavailable',
  'database_unavailable',
]);

export function isRetryable(code: string): boolean {
  return RETRYABLE_ERROR_CODES.has(code as ErrorCode);
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in errorStatus;
}
