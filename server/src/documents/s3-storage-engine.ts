import { AppError, type UploadType } from '@oac/shared';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { createHash, randomUUID } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { Logger } from 'pino';
import type { ObjectStore } from '../storage/object-store';
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
    if (!this.detectedType) return cb(new AppError('unsupported_media_type', 'Only PDF, PNG and JPEG files are accepted.'));
    cb(null, head);
  }
}

/** A multer storage engine that streams each file straight into S3 under `prefix(req)`. */
export function s3StorageEngine(store: ObjectStore, prefix: (req: Request) => string, log: Logger): StorageEngine {
  return {
    _handleFile(req, file, cb) {
      const key = `${prefix(req)}/${randomUUID()}`;
      const inspect = new InspectStream();
      file.stream.on('error', (err) => inspect.destroy(err));
      file.stream.pipe(inspect);
      let failed: unknown = null;
      inspect.on('error', (err) => {
        failed = err;
      });
      // The declared type is a hint for S3 only until the bytes are known; the row stores the sniffed one.
      store
        .put(key, inspect, 'application/octet-stream')
        .then(async () => {
          const truncated = (file.stream as unknown as { truncated?: boolean }).truncated === true;
          if (failed || truncated || !inspect.detectedType) {
            await store.delete(key).catch(() => undefined);
            cb(
              truncated
                ? new AppError('payload_too_large', 'The file is larger than the limit.')
                : (failed ?? new AppError('unsupported_media_type', 'The file is empty.')),
            );
            return;
          }
          cb(null, {
            key,
            size: inspect.bytes,
            sha256: inspect.hash.digest('hex'),
            detectedType: inspect.detectedType,
          } as Partial<Express.Multer.File>);
        })
        .catch(async (err: unknown) => {
          if (!failed) log.warn({ err, key }, 'handleFile() upload to S3 failed');
          file.stream.resume();
          await store.delete(key).catch(() => undefined);
          cb(failed ?? (err instanceof AppError ? err : new AppError('storage_unavailable', 'Document storage is not answering.')));
        });
    },
    _removeFile(_req, file, cb) {
      const key = (file as unknown as StoredFile).key;
      if (!key) return cb(null);
      store.delete(key).then(() => cb(null), cb);
    },
  };
}
