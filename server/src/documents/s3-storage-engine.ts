import { AppError, type UploadType } from '@oac/shared';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import { createHash, randomUUID } from 'node:crypto';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import type { Logger } from 'pino';
import { storageUnavailable, type ObjectStore } from '../storage/object-store';
import { SNIFF_BYTES, sniffType } from './sniff';

export interface StoredFile {
  key: string;
  size: number;
  sha256: string;
  detectedType: UploadType;
  /** What the check found, when it ran on the bytes as they streamed (see `scan`). */
  inspection?: { pages: number | null; flags: ('javascript' | 'embedded_file')[] };
}

/** Checks an upload's bytes as they pass (on the processing pool); refuses by throwing. */
export type UploadScanner = (
  body: Readable,
) => Promise<{ type: UploadType; pages: number | null; flags: ('javascript' | 'embedded_file')[] }>;

/**
 * Sends one stream to two readers, at the pace of the slower: S3 and the check. Each chunk goes to
 * both; the source waits while either is full.
 */
function tee(source: Readable): [PassThrough, PassThrough] {
  const a = new PassThrough({ highWaterMark: 256 * 1024 });
  const b = new PassThrough({ highWaterMark: 256 * 1024 });
  let waiting = 0;
  const drained = () => {
    if (--waiting === 0) source.resume();
  };
  source.on('data', (chunk: Buffer) => {
    for (const out of [a, b]) {
      if (out.destroyed) continue;
      if (!out.write(chunk)) {
        waiting++;
        out.once('drain', drained);
      }
    }
    if (waiting > 0) source.pause();
  });
  source.on('end', () => {
    a.end();
    b.end();
  });
  source.on('error', (err) => {
    a.destroy(err);
    b.destroy(err);
  });
  // A reader that gives up (the check refused) must not hold the other back. A reader not yet
  // reading (the check waits for a free worker) learns of an error when it reads, not as a crash.
  for (const out of [a, b]) {
    out.on('error', () => undefined);
    out.on('close', () => {
      if (out.listenerCount('drain') > 0) {
        out.removeAllListeners('drain');
        drained();
      }
    });
  }
  return [a, b];
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
export function s3StorageEngine(store: ObjectStore, prefix: (req: Request) => string, log: Logger, scan?: UploadScanner): StorageEngine {
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
      // With a scanner, the bytes go to S3 and to the check at once; a refusal stops the upload.
      const [toStore, toScan] = scan ? tee(inspect) : [inspect, null];
      let scanRefusal: unknown = null;
      const scanned = toScan
        ? scan!(toScan).catch((err: unknown) => {
            scanRefusal = err;
            toStore.destroy(err as Error);
            return null;
          })
        : Promise.resolve(null);
      // The declared type is a hint for S3 only until the bytes are known; the row stores the sniffed one.
      store.put(key, toStore, 'application/octet-stream').then(
        async () => {
          const truncated = (file.stream as unknown as { truncated?: boolean }).truncated === true;
          const found = await scanned;
          const refusal = truncated
            ? new AppError('payload_too_large', 'The file is larger than the limit.')
            : (bodyError ??
              inspect.refusal ??
              scanRefusal ??
              (inspect.detectedType ? null : new AppError('unsupported_media_type', 'The file is empty.')) ??
              (found && found.type !== inspect.detectedType
                ? new AppError('unsupported_media_type', 'The file changed type while it was checked.')
                : null));
          if (refusal) {
            await store.discard(key, 'upload refused');
            return cb(refusal as Error);
          }
          cb(null, {
            key,
            size: inspect.bytes,
            sha256: inspect.hash.digest('hex'),
            detectedType: inspect.detectedType!,
            ...(found ? { inspection: { pages: found.pages, flags: found.flags } } : {}),
          } as Partial<Express.Multer.File>);
        },
        async (err: unknown) => {
          // Nobody reads `inspect` any more: let the rest of the file flow, so that multer can
          // drain the body and answer. `put` has already aborted the upload.
          file.stream.unpipe(inspect);
          file.stream.resume();
          // The check's own refusal, if it stopped the upload; not the premature end we now cause.
          const refused = scanRefusal;
          toScan?.destroy();
          await scanned;
          const refusal = bodyError ?? inspect.refusal ?? refused;
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
