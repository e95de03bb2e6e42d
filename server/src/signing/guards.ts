import { PDF } from '@libpdf/core';
import { AppError } from '@oac/shared';

/** Pages a signing, sealing or stamping job accepts unless told otherwise. */
export const DEFAULT_MAX_PAGES = 1000;

const notSignable = (message: string, details?: Record<string, unknown>) => new AppError('document_not_signable', message, details);

/**
 * Loads a PDF that is about to get an incremental update, and refuses it when libpdf would have to
 * rewrite it: a linearized or encrypted file, or one it could only read by brute-force recovery
 * (a wrong `startxref`, a broken xref table). Rewriting would break every earlier signature
 * without a word, so such a file is refused with `document_not_signable`.
 */
export async function openForIncrementalUpdate(bytes: Uint8Array, maxPages: number): Promise<PDF> {
  let pdf: PDF;
  try {
    pdf = await PDF.load(bytes);
  } catch (err) {
    throw notSignable('The PDF could not be read.', { cause: (err as Error).message });
  }
  const blocker = pdf.recoveredViaBruteForce ? 'brute-force-recovery' : pdf.canSaveIncrementally();
  if (blocker !== null) {
    throw notSignable('The PDF cannot take an incremental update without being rewritten.', { blocker });
  }
  const pages = pdf.getPageCount();
  if (pages === 0) throw notSignable('The PDF has no pages.');
  if (pages > maxPages) {
    throw new AppError('document_too_many_pages', `The PDF has ${pages} pages; at most ${maxPages} are accepted.`, {
      pages,
      maxPages,
    });
  }
  return pdf;
}

/**
 * The second guard: whatever libpdf did, the output must be the input plus appended bytes. This is
 * what proves every earlier signature still covers its revision.
 */
export function assertAppendedTo(input: Uint8Array, output: Uint8Array): Uint8Array {
  const prefix = output.length > input.length && Buffer.compare(Buffer.from(input), Buffer.from(output.subarray(0, input.length))) === 0;
  if (!prefix) throw notSignable('The update would have rewritten the PDF instead of appending to it.');
  return output;
}
