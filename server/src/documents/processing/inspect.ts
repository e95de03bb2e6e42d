import { AppError } from '@oac/shared';
import type { MessagePort } from 'node:worker_threads';
import { POLYGLOT_HEAD_BYTES, polyglotInHead, sniffType, ZIP_TAIL_BYTES, zipTrailerInTail } from '../sniff';
import { ByteSource, TailKeeper } from './byte-source';
import { scanHeic, scanJpeg, scanPng } from './image-scan';
import { scanPdf } from './pdf-scan';
import { piecesFromPort } from './port-stream';
import type { InspectLimits, InspectResult } from './types';

export interface InspectInput {
  /** Where the main thread streams the file's bytes (see port-stream.ts). */
  port: MessagePort;
  limits: InspectLimits;
}

const polyglot = (why: string): AppError =>
  new AppError('document_polyglot', `The file is also readable as another kind of file (${why}), which is not accepted.`);

/**
 * The upload-time check, in a worker: the type from the bytes, polyglots (by the head and by a zip
 * directory at the tail), then the type's own scan under the caps. It reads the file once, as it
 * streams, holding at most the head, the last 64 KiB and a few pieces.
 */
export async function inspect({ port, limits }: InspectInput): Promise<InspectResult> {
  const pieces = piecesFromPort(port);
  try {
    return await inspectPieces(pieces, limits);
  } finally {
    await pieces.return?.();
  }
}

/** The same check over any stream of pieces (the unit tests cut files into pieces of every size). */
export async function inspectPieces(pieces: AsyncIterable<Uint8Array>, limits: InspectLimits): Promise<InspectResult> {
  const tail = new TailKeeper(ZIP_TAIL_BYTES);
  const tapped = (async function* () {
    for await (const piece of pieces) {
      tail.push(piece);
      yield piece;
    }
  })();
  const source = new ByteSource(tapped);
  const head = await source.peek(POLYGLOT_HEAD_BYTES);
  const type = sniffType(head);
  const why = polyglotInHead(head, type);
  if (why) throw polyglot(why);
  if (!type) throw new AppError('unsupported_media_type', 'Only PDF, PNG, JPEG and HEIC files are accepted.');
  const imageLimits = { maxPixels: limits.maxImagePixels, maxInflatedBytes: limits.maxInflatedBytes };
  let result: InspectResult;
  if (type === 'application/pdf') result = { type, ...(await scanPdf(source, limits)) };
  else {
    const scan = type === 'image/png' ? scanPng : type === 'image/jpeg' ? scanJpeg : scanHeic;
    result = { type, ...(await scan(source, imageLimits)), flags: [] };
  }
  await source.drain();
  if (zipTrailerInTail(tail.bytes(), tail.total)) throw polyglot('a zip directory at its end');
  return result;
}
