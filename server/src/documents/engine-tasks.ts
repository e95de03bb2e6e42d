import { sealPdf, signAsCitizen, stampIncremental } from '../signing';
import { openForIncrementalUpdate } from '../signing/guards';
import type { DocumentEngine } from './issuing';
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

/** What the issuer hands the engine for one operation; the tasks add the identities and limits. */
type EngineInput<K extends keyof DocumentEngine> = Parameters<DocumentEngine[K]>[0];

export const issuingTasks = {
  async imageToPdf(input: { bytes: Uint8Array; contentType: 'image/png' | 'image/jpeg' }): Promise<Uint8Array> {
    return imageToPdf(input.bytes, input.contentType);
  },

  async prepare(input: PrepareInput): Promise<Uint8Array> {
    return preparePdf(input);
  },

  async stamp(input: EngineInput<'stamp'> & { maxPages: number }): Promise<Uint8Array> {
    return (await stampIncremental(input.bytes, input)).bytes;
  },

  /** Places the citizen's signature where the clerk's box is (fractions of the page from its top-left). */
  async sign(input: EngineInput<'sign'> & { identity: Identity; maxPages: number }): Promise<Uint8Array> {
    const { box, ...rest } = input;
    const out = await signAsCitizen(input.bytes, { ...input.identity, ...rest, page: box.page, box });
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
