import { StandardRetryStrategy } from '@smithy/core/retry';

type Refresh = StandardRetryStrategy['refreshRetryTokenForRetry'];

/**
 * The SDK's standard retries, except after a timeout. An S3 that let a connection or a request sit
 * silent for S3_TIMEOUT_MS will not answer the next attempt either, and three attempts made the
 * caller wait three timeouts; the caller gets a retryable 503 instead (issue 16). A refused
 * connection, a reset and a 5xx are still retried, quickly.
 */
export class NoRetryOnTimeout extends StandardRetryStrategy {
  override async refreshRetryTokenForRetry(...[token, errorInfo]: Parameters<Refresh>): ReturnType<Refresh> {
    if (isTimeout(errorInfo.error)) throw errorInfo.error;
    return super.refreshRetryTokenForRetry(token, errorInfo);
  }
}

/**
 * The HTTP handler's own timeouts (connection, idle socket, request). It also renames a reset or a
 * broken pipe `TimeoutError`, but keeps their code: those are retried, since a pooled keep-alive
 * socket that S3 closed meanwhile fails that way.
 */
export function isTimeout(err: unknown): boolean {
  const e = err as { name?: string; code?: string } | undefined;
  return e?.name === 'TimeoutError' && (e.code === undefined || e.code === 'ETIMEDOUT');
}
