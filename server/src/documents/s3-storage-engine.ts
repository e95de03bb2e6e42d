import { AppError, type UploadType } from '@oac/shared';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { createHash, randomUUID } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { Logger } from 'pino';
import { storageUnavailable, type ObjectStore } from '../storage/object-store';
import { SNIFF_BYTES, sniffType } from './sniff';

export interface StoredFile {
  key: string;
  size: number;
  sha256: string;
  detectedType: UploadType;
}

/**
 * Checks a file as it passes: holds back the first bytes until its type is known from them,
 * then hashes and counts everything. Nothing is ever held whole.
 */
export class InspectStream extends Transform {
  readonly hash = createHash('sha256');
  // Not `size`: lib-storage reads a body's `size` as its total length.
  bytes = 0;
  detectedType: UploadType | null = null;
  /** Set when the bytes themselves were refused, so that this stream's failure is told from storage's. */
  refusal: AppError | null = null;
  private head: Buffer[] = [];
  private headLength = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    if (this.detectedType) return cb(null, chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) return cb();
    this.releaseHead(cb);
  }

  override _flush(cb: TransformCallback): void {
    if (this.detectedType) return cb();
    this.releaseHead(cb);
  }

  private releaseHead(cb: TransformCallback): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.detectedType = sniffType(head);
    if (!this.detectedType) {
      this.refusal = new AppError('unsupported_media_type', 'Only PDF, PNG and JPEG files are accepted.');
      return cb(this.refusal);
    }
    cb(null, head);
  }
}

/**
 * A multer storage engine that streams each file straight into S3 under `prefix(req)`. A failure
 * is the client's when the bytes were refused or the body broke, and storage's otherwise: then it
 * is a retryable 503 `storage_unavailable`. (A lost S3 gave 400 `validation_error`: when a part
 * upload fails, lib-storage stops iterating the body, Node's async iterator destroys it with an
 * AbortError, and that error was taken for the cause and passed to multer as the client's; issue 16.)
 */
export function s3StorageEngine(store: ObjectStore, prefix: (req: Request) => string, log: Logger): StorageEngine {
  return {
    _handleFile(req, file, cb) {
      const key = `${prefix(req)}/${randomUUID()}`;
      const inspect = new InspectStream();
      let bodyError: unknown = null;
      file.stream.on('error', (err) => {
        bodyError ??= err;
        inspect.destroy(err);
      });
      file.stream.pipe(inspect);
      // The declared type is a hint for S3 only until the bytes are known; the row stores the sniffed one.
      store.put(key, inspect, 'application/octet-stream').then(
        async () => {
          const truncated = (file.stream as unknown as { truncated?: boolean }).truncated === true;
          const refusal = truncated
            ? new AppError('payload_too_large', 'The file is larger than the limit.')
            : (bodyError ??
              inspect.refusal ??
              (inspect.detectedType ? null : new AppError('unsupported_media_type', 'The file is empty.')));
          if (refusal) {
            await store.discard(key, 'upload refused');
            return cb(refusal as Error);
          }
          cb(null, {
            key,
            size: inspect.bytes,
            sha256: inspect.hash.digest('hex'),
            detectedType: inspect.detectedType!,
          } as Partial<Express.Multer.File>);
        },
        (err: unknown) => {
          // Nobody reads `inspect` any more: let the rest of the file flow, so that multer can
          // drain the body and answer. `put` has already aborted the upload.
          file.stream.unpipe(inspect);
          file.stream.resume();
          const refusal = bodyError ?? inspect.refusal;
          if (!refusal) log.warn({ key, code: (err as AppError).code }, 'handleFile() upload to S3 failed');
          cb((refusal ?? (err instanceof AppError ? err : storageUnavailable())) as Error);
        },
      );
    },
    _removeFile(_req, file, cb) {
      const key = (file as unknown as StoredFile).key;
      if (!key) return cb(null);
      store.discard(key, 'upload aborted').then(() => cb(null), cb);
    },
  };
}
