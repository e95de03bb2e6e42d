import type { Language, PageBox } from '@oac/shared';
import { AppError } from '@oac/shared';
import { sealPdf, signAsCitizen, stampIncremental } from '../signing';
import { openForIncrementalUpdate } from '../signing/guards';
import { imageToPdf, preparePdf, type PrepareInput } from './templates';

/**
 * The issuing jobs as the processing pool runs them, in a worker thread: plain data in and out.
 * Each takes the limits it must keep; nothing here touches the database, S3 or the network
 * (but for the timestamp authority a seal may ask).
 */
export interface Identity {
  p12: Uint8Array;
  password: string;
}

export const issuingTasks = {
  async imageToPdf(input: { bytes: Uint8Array; contentType: 'image/png' | 'image/jpeg' }): Promise<Uint8Array> {
    return imageToPdf(input.bytes, input.contentType);
  },

  async prepare(input: PrepareInput): Promise<Uint8Array> {
    return preparePdf(input);
  },

  async stamp(input: {
    bytes: Uint8Array;
    lines: string[];
    code: string;
    verifyUrl: string;
    language: Language;
    maxPages: number;
  }): Promise<Uint8Array> {
    return (await stampIncremental(input.bytes, input)).bytes;
  },

  /** Places the citizen's signature where the clerk's box is: the box is in fractions of the page from its top-left. */
  async sign(input: {
    bytes: Uint8Array;
    png: Uint8Array;
    box: PageBox;
    signerName: string;
    signedAt: string;
    ip: string;
    language: Language;
    identity: Identity;
    maxPages: number;
  }): Promise<Uint8Array> {
    const pdf = await openForIncrementalUpdate(input.bytes, input.maxPages);
    const page = pdf.getPage(input.box.page);
    if (!page) throw new AppError('validation_error', `The PDF has no page ${input.box.page + 1}.`);
    const crop = page.getCropBox();
    const rect = {
      x: crop.x + input.box.x * crop.width,
      y: crop.y + crop.height - (input.box.y + input.box.height) * crop.height,
      width: input.box.width * crop.width,
      height: input.box.height * crop.height,
    };
    const out = await signAsCitizen(input.bytes, {
      ...input.identity,
      png: input.png,
      page: input.box.page,
      rect,
      signerName: input.signerName,
      signedAt: input.signedAt,
      ip: input.ip,
      language: input.language,
      maxPages: input.maxPages,
    });
    return out.bytes;
  },

  async seal(input: {
    bytes: Uint8Array;
    reason: string;
    location: string;
    name: string;
    identity: Identity;
    tsaUrl?: string;
    tsaTimeoutMs: number;
    maxPages: number;
  }): Promise<Uint8Array> {
    const out = await sealPdf(input.bytes, { ...input.identity, ...input, tsaUrl: input.tsaUrl });
    return out.bytes;
  },

  async pages(input: { bytes: Uint8Array; maxPages: number }): Promise<number> {
    return (await openForIncrementalUpdate(input.bytes, input.maxPages)).getPageCount();
  },
};

export type IssuingTasks = typeof issuingTasks;
