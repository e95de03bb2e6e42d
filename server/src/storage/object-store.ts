import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { AppError } from '@oac/shared';
import type { Readable } from 'node:stream';
import type { Config } from '../config';
import { logger } from '../logger';
import { isTimeout, NoRetryOnTimeout } from './retry';

const log = logger('object-store');

/** The commands after which an object may exist under their key, even if their answer was lost. */
const COMPLETING_COMMANDS = new Set(['PutObjectCommand', 'CompleteMultipartUploadCommand']);

/** How long a client should wait before retrying when S3 is unavailable. */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

/**
 * Upload tuning. lib-storage buffers each part whole (and copies it once, into one buffer) before
 * it sends it, and V8 frees those copies lazily, so an upload's memory is a few times
 * (queueSize + 1) × partSize. With 8 MiB parts two at a time a 200 MB upload grew the server's
 * RSS by about 50 MB; four at a time took it past 80 MB for no gain against s3rver
 * (`npm run bench -- documents`, issue 16).
 */
export const UPLOAD_PART_BYTES = 8 * 1024 * 1024;
export const UPLOAD_QUEUE_SIZE = 2;

export function storageUnavailable(): AppError {
  return new AppError('storage_unavailable', 'Document storage is not answering. Please try again in a moment.', {
    retryAfterSeconds: STORAGE_RETRY_AFTER_SECONDS,
  });
}

/** Any failure of an S3 call, as the caller should see it: a missing key, or storage being down. */
export function toStorageError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if ((err as { name?: string } | null)?.name === 'NoSuchKey')
    return new AppError('document_not_found', 'The file is missing from storage.');
  return storageUnavailable();
}

/**
 * Documents in S3. Every call is bounded by S3_TIMEOUT_MS: the connection and every silence of the
 * socket by the HTTP handler, and the calls that are not uploads also as a whole, retries included.
 */
export class ObjectStore {
  /** Keys whose object a request already sent may have completed (PutObject, CompleteMultipartUpload). */
  private readonly completing = new Set<string>();

  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    readonly timeoutMs = 10_000,
  ) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (COMPLETING_COMMANDS.has(context.commandName ?? '')) {
          const key = (args.input as { Key?: string }).Key;
          if (key) this.completing.add(key);
        }
        return next(args);
      },
      { step: 'initialize', name: 'oacCompletingRequests', override: true },
    );
  }

  static fromConfig(config: Config): ObjectStore {
    const client = new S3Client({
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      credentials:
        config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
          : undefined,
      // An S3 that accepts connections and never answers hung an upload for over 45 s (issue 16).
      // socketTimeout is an idle timeout, so a long part upload that keeps moving is not cut.
      requestHandler: { connectionTimeout: config.S3_TIMEOUT_MS, socketTimeout: config.S3_TIMEOUT_MS },
      retryStrategy: new NoRetryOnTimeout(3),
      // s3rver stores aws-chunked framing inside the object when checksums are on (see RECIPES.md).
      ...(config.S3_CHECKSUM_WHEN_REQUIRED
        ? { requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const }
        : {}),
    });
    return new ObjectStore(client, config.S3_BUCKET, config.S3_TIMEOUT_MS);
  }

  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: AbortSignal.timeout(this.timeoutMs) });
    } catch {
      await this.bounded('createBucket', '', (o) => this.client.send(new CreateBucketCommand({ Bucket: this.bucket }), o));
    }
  }

  async ping(): Promise<void> {
    await this.bounded('headBucket', '', (o) => this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), o));
  }

  /**
   * Streams `body` to `key`. A failure of the body itself (a refused type, a broken request) comes
   * out as it is; any other is storage's. Either way nothing is left under `key`, or a warning
   * names what may be.
   */
  async put(key: string, body: Readable | Uint8Array, contentType: string): Promise<void> {
    let bodyError: unknown = null;
    if (!(body instanceof Uint8Array)) body.once('error', (err) => (bodyError = err));
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: UPLOAD_PART_BYTES,
      queueSize: UPLOAD_QUEUE_SIZE,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      const cleanup = this.abandon(key, upload.uploadId);
      // After a timeout the clean-up would likely wait as long again: answer first, clean up behind.
      if (!isTimeout(err) && (err as Error)?.name !== 'AbortError') await cleanup;
      if (err === bodyError) throw err;
      throw this.failure('put', key, err);
    } finally {
      this.completing.delete(key);
    }
  }

  /**
   * Opens `key` for reading. Only the wait for the response's headers is bounded as a whole: the
   * body may take as long as it needs, while the idle timeout still ends a stalled one.
   */
  async get(key: string): Promise<{ body: Readable; length: number | undefined }> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal: abort.signal });
      return { body: out.Body as Readable, length: out.ContentLength };
    } catch (err) {
      throw this.failure('get', key, err);
    } finally {
      clearTimeout(timer);
    }
  }

  async getBytes(key: string, maxBytes: number): Promise<Buffer> {
    const { body } = await this.get(key);
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of body) {
        total += (chunk as Buffer).length;
        if (total > maxBytes) {
          body.destroy();
          throw new AppError('payload_too_large', 'The document is too large to process.');
        }
        chunks.push(chunk as Buffer);
      }
    } catch (err) {
      throw this.failure('getBytes', key, err);
    }
    return Buffer.concat(chunks);
  }

  async delete(key: string): Promise<void> {
    await this.bounded('delete', key, (o) => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }), o));
  }

  /** Deletes `key` as a clean-up: never throws, and logs the key if it may be left behind. */
  async discard(key: string, reason: string): Promise<void> {
    try {
      await this.delete(key);
    } catch (err) {
      log.warn({ key, reason, cause: (err as Error).message }, 'discard() could not delete; the object may be left without a row');
    }
  }

  /**
   * After a failed upload: aborts its multipart upload if lib-storage could not (S3 was down), and
   * deletes the key, in case S3 completed the object but its answer was lost.
   */
  private async abandon(key: string, uploadId: string | undefined): Promise<void> {
    // Read now: `put` forgets the key as soon as it returns.
    const completable = this.completing.has(key);
    if (uploadId) {
      try {
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }), {
          abortSignal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (err) {
        // NoSuchUpload: lib-storage already aborted it.
        if ((err as { name?: string }).name !== 'NoSuchUpload')
          log.warn(
            { key, uploadId, cause: (err as Error).message },
            "abandon() could not abort the multipart upload; its parts stay until the bucket's AbortIncompleteMultipartUpload rule",
          );
      }
    }
    if (completable) await this.discard(key, 'upload failed');
  }

  /** One S3 call, bounded as a whole (retries included) by the timeout. */
  private async bounded<T>(op: string, key: string, run: (options: { abortSignal: AbortSignal }) => Promise<T>): Promise<T> {
    try {
      return await run({ abortSignal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw this.failure(op, key, err);
    }
  }

  /** The caller's error for `err`; an outage is logged here with its real cause, which the 503 hides. */
  private failure(op: string, key: string, err: unknown): AppError {
    const error = toStorageError(err);
    if (error.code === 'storage_unavailable' && !(err instanceof AppError))
      log.warn({ op, key, bucket: this.bucket, cause: (err as Error)?.message, name: (err as Error)?.name }, 'failure() S3 call failed');
    return error;
  }
}
