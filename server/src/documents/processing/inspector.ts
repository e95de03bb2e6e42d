import { AppError, type UploadType } from '@oac/shared';
import type { Readable } from 'node:stream';
import { MessageChannel } from 'node:worker_threads';
import { logger } from '../../logger';
import { toStorageError, type ObjectStore } from '../../storage/object-store';
import type { StoredFile } from '../s3-storage-engine';
import type { Inspector } from '../service';
import type { ProcessingPool } from './pool';
import { pumpToPort } from './port-stream';
import type { InspectLimits, InspectResult } from './types';

const log = logger('processing');

export interface InspectorOptions extends InspectLimits {
  /** What a PDF with JavaScript or an embedded file gets: stored with its flags, or refused. */
  activeContent: 'flag' | 'refuse';
}

/**
 * Inspects a stream of the file's bytes on a worker: the main thread only moves pieces into the
 * worker's port (see port-stream.ts), so neither side ever holds the file. `open` is called only
 * once a worker is free, so that nothing (an S3 connection, an upload) waits idle in the queue.
 */
function inspectBytes(
  pool: ProcessingPool,
  open: () => Promise<{ body: AsyncIterable<Uint8Array>; close(): void }>,
  limits: InspectLimits,
  readError: (err: unknown) => unknown,
): Promise<InspectResult> {
  return pool.withWorker(async (run) => {
    const { body, close } = await open();
    const { port1, port2 } = new MessageChannel();
    const stop = new AbortController();
    let readFailure: unknown = null;
    const pump = pumpToPort(body, port1, stop.signal).catch((err: unknown) => {
      if (stop.signal.aborted) return;
      // The bytes stopped coming (S3 failed mid-read, the upload broke): end the task too.
      readFailure = err;
      stop.abort();
    });
    try {
      return await run('inspect', { port: port2, limits }, { transferList: [port2], signal: stop.signal });
    } catch (err) {
      if (readFailure) throw readError(readFailure);
      throw err;
    } finally {
      stop.abort();
      close();
      port1.close();
      await pump;
    }
  });
}

/** Inspects an object already in S3. */
export function inspectObject(pool: ProcessingPool, store: ObjectStore, key: string, limits: InspectLimits): Promise<InspectResult> {
  return inspectBytes(
    pool,
    async () => {
      const { body } = await store.get(key);
      return { body, close: () => body.destroy() };
    },
    limits,
    // S3 failed mid-read: say it was storage, not the file.
    toStorageError,
  );
}

/** What an upload's bytes are found to be, as they stream to storage; refuses by throwing. */
export type StreamInspector = (body: Readable) => Promise<{ type: UploadType; pages: number | null; flags: InspectResult['flags'] }>;

/**
 * The same check, fed by the upload itself as it streams to S3 (issue 16: reading a 200 MB file
 * back from S3 after its upload cost a second read). A refusal can stop the upload early.
 */
export function createStreamInspector(pool: ProcessingPool, options: InspectorOptions): StreamInspector {
  const limits = limitsOf(options);
  return async (body) => {
    const found = await inspectBytes(
      pool,
      async () => ({ body, close: () => undefined }),
      limits,
      (err) => err,
    );
    assertAllowed(found, options);
    return { type: found.type, pages: found.pages ?? null, flags: found.flags };
  };
}

function limitsOf(options: InspectorOptions): InspectLimits {
  return { maxPages: options.maxPages, maxInflatedBytes: options.maxInflatedBytes, maxImagePixels: options.maxImagePixels };
}

function assertAllowed(found: InspectResult, options: InspectorOptions): void {
  if (options.activeContent === 'refuse' && found.flags.length > 0) {
    throw new AppError('document_active_content', 'Files with JavaScript or embedded files are not accepted.', { flags: found.flags });
  }
}

/** The inspection that DocumentService.recordUpload runs before a row is written; it throws to refuse. */
export function createInspector(pool: ProcessingPool, store: ObjectStore, options: InspectorOptions): Inspector {
  const limits = limitsOf(options);
  return async (file: StoredFile) => {
    const started = performance.now();
    try {
      const found = await inspectObject(pool, store, file.key, limits);
      if (found.type !== file.detectedType) throw new AppError('unsupported_media_type', 'The file changed type while it was checked.');
      assertAllowed(found, options);
      log.info(
        { key: file.key, type: found.type, pages: found.pages, flags: found.flags, ms: Math.round(performance.now() - started) },
        'inspect() accepted',
      );
      return { pages: found.pages ?? null, flags: found.flags };
    } catch (err) {
      if (err instanceof AppError)
        log.info({ key: file.key, code: err.code, ms: Math.round(performance.now() - started) }, 'inspect() refused');
      throw err;
    }
  };
}

/**
 * A stored object's whole bytes, for the work that needs the full document in memory (stamping,
 * signing), under its own cap: refused before a byte is read when S3 says it is larger.
 */
export async function readForProcessing(store: ObjectStore, key: string, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new AppError('document_too_large_to_process', 'The document is too large to stamp or sign.', { maxBytes });
  const { body, length } = await store.get(key);
  if (length !== undefined && length > maxBytes) {
    body.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (err) {
    body.destroy();
    throw toStorageError(err);
  }
  return Buffer.concat(chunks, total);
}
