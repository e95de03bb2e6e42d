import { randomBytes, randomUUID } from 'node:crypto';
import { AppError, type RtpParameters } from '@oac/shared';
import { MediaChannel } from '../src/client/index';
import { startMediaWorkerProcess, type MediaWorkerProcess } from '../src/spawn';

/*
 * Helpers for the integration tests: a real media worker child process, driven through the
 * server's real MediaChannel. No mocks.
 */

export interface TestMediaWorker {
  worker: MediaWorkerProcess;
  secret: string;
  url: string;
  channel: MediaChannel;
  stop(): Promise<void>;
}

export async function startTestMediaWorker(env: Record<string, string> = {}): Promise<TestMediaWorker> {
  const secret = randomBytes(24).toString('hex');
  const worker = await startMediaWorkerProcess({
    port: 0,
    secret,
    env: {
      NUM_WORKERS: '1',
      LOG_LEVEL: 'warn',
      MEDIASOUP_LOG_LEVEL: 'error',
      RTC_PORT: '0',
      RTC_MIN_PORT: '30000',
      RTC_MAX_PORT: '32700',
      ...env,
    },
  });
  const url = `http://127.0.0.1:${worker.port}`;
  const channel = new MediaChannel();
  await channel.connect(url, secret);
  return {
    worker,
    secret,
    url,
    channel,
    async stop() {
      channel.close();
      await worker.stop();
    },
  };
}

export function newId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** Parameters shaped like a browser's; mediasoup checks them but no packet ever flows. */
export const fakeDtlsParameters = {
  role: 'client' as const,
  fingerprints: [{ algorithm: 'sha-256', value: Array.from({ length: 32 }, () => 'AB').join(':') }],
};

export const opusRtpParameters: RtpParameters = {
  mid: '0',
  codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 } }],
  encodings: [{ ssrc: 11111111 }],
  headerExtensions: [],
  rtcp: { cname: 'test-cname', reducedSize: true },
};

export const vp8RtpParameters: RtpParameters = {
  mid: '1',
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }],
  encodings: [{ ssrc: 22222222 }],
  headerExtensions: [],
  rtcp: { cname: 'test-cname', reducedSize: true },
};

/** The AppError code a promise rejects with; fails the test if it resolves. */
export async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error('expected a rejection, got a result');
}

/** Retries `attempt` until it resolves or `timeoutMs` passes; returns its value and the time taken. */
export async function eventually<T>(attempt: () => Promise<T>, timeoutMs: number, stepMs = 100): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  let lastError: unknown;
  while (Date.now() - start < timeoutMs) {
    try {
      return { value: await attempt(), ms: Date.now() - start };
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, stepMs));
    }
  }
  throw new Error(`not within ${timeoutMs} ms: ${String(lastError)}`);
}

export function nextEvent<T extends unknown[]>(
  on: (listener: (...args: T) => void) => void,
  timeoutMs: number,
  matches: (...args: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs);
    on((...args) => {
      if (!matches(...args)) return;
      clearTimeout(timer);
      resolve(args);
    });
  });
}
