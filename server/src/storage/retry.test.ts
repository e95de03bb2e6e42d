import { describe, expect, it } from 'vitest';
import { isTimeout, NoRetryOnTimeout } from './retry';

type SdkError = NonNullable<Parameters<NoRetryOnTimeout['refreshRetryTokenForRetry']>[1]['error']>;
const sdkError = (message: string, fields: { name?: string; code?: string }) => Object.assign(new Error(message), fields) as SdkError;

// What @smithy/node-http-handler rejects with for each failure (see its setConnectionTimeout,
// setSocketTimeout, setRequestTimeout and its 'error' handler).
const connectTimeout = sdkError('did not establish a connection within 2000 ms', { name: 'TimeoutError' });
const idleTimeout = sdkError('the request socket timed out after 2000 ms of inactivity', { name: 'TimeoutError' });
const requestTimeout = sdkError('exceeded the requestTimeout', { name: 'TimeoutError', code: 'ETIMEDOUT' });
const reset = sdkError('socket hang up', { name: 'TimeoutError', code: 'ECONNRESET' });
const refused = sdkError('connect ECONNREFUSED 127.0.0.1:9', { code: 'ECONNREFUSED' });

describe('S3 retries', () => {
  it("tells the HTTP handler's timeouts from a reset it also names TimeoutError", () => {
    expect([connectTimeout, idleTimeout, requestTimeout].map(isTimeout)).toEqual([true, true, true]);
    expect([reset, refused, new Error('x'), undefined].map(isTimeout)).toEqual([false, false, false, false]);
  });

  it('gives up at once after a timeout, and still retries a reset', async () => {
    const strategy = new NoRetryOnTimeout(3);
    const token = await strategy.acquireInitialRetryToken('s3');
    await expect(strategy.refreshRetryTokenForRetry(token, { errorType: 'TRANSIENT', error: idleTimeout })).rejects.toBe(idleTimeout);
    const again = await strategy.refreshRetryTokenForRetry(token, { errorType: 'TRANSIENT', error: reset });
    expect(again.getRetryCount()).toBe(1);
  });
});
