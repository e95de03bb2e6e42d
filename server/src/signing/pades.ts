import { P12Signer, PdfDict, PdfString, type PDF, type PDFPage, measureText, rgb, StandardFonts } from '@libpdf/core';
import { AppError } from '@oac/shared';
import { createHash } from 'node:crypto';
import { assertAppendedTo, DEFAULT_MAX_PAGES, openForIncrementalUpdate } from './guards';
import { formatWhen, LABELS, winAnsiText, type DocumentLanguage } from './text';
import { CheckedTimestampAuthority } from './tsa-client';

/** Every function here takes and returns plain data, so it can run in a worker thread. */

export interface SigningKeyInput {
  /** PKCS#12 bundle: key, certificate and chain. */
  p12: Uint8Array;
  password: string;
}

export interface SealOptions extends SigningKeyInput {
  reason: string;
  location: string;
  /** /Name of the signature dictionary: the office, as it signs. */
  name: string;
  contactInfo?: string;
  /** An RFC 3161 authority: B-T with it, B-B without. */
  tsaUrl?: string;
  tsaTimeoutMs?: number;
  maxPages?: number;
  /** The claimed signing time (ISO); now when omitted. A B-T timestamp proves the time. */
  signedAt?: string;
}

export interface SignedPdf {
  bytes: Uint8Array;
  level: 'B-B' | 'B-T';
  signedAt: string;
  /** sha256 (hex) of the new file, for the version record. */
  sha256: string;
}

const DEFAULT_TSA_TIMEOUT_MS = 10_000;

/** The office seal: PAdES B-B (ETSI.CAdES.detached with signing-certificate-v2), or B-T. */
export async function sealPdf(bytes: Uint8Array, options: SealOptions): Promise<SignedPdf> {
  const pdf = await openForIncrementalUpdate(bytes, options.maxPages ?? DEFAULT_MAX_PAGES);
  const tsa = options.tsaUrl ? new CheckedTimestampAuthority(options.tsaUrl, options.tsaTimeoutMs ?? DEFAULT_TSA_TIMEOUT_MS) : null;
  return signRevision(bytes, pdf, options, {
    reason: options.reason,
    location: options.location,
    name: options.name,
    contactInfo: options.contactInfo,
    signedAt: options.signedAt ?? new Date().toISOString(),
    tsa,
  });
}

export interface CitizenSignatureOptions extends SigningKeyInput {
  /** The drawn signature, as PNG. */
  png: Uint8Array;
  /** 0-based page index. */
  page: number;
  /**
   * Where the signature goes: in PDF points from the page's bottom-left corner (`rect`), or as
   * fractions of the page's crop box from its top-left (`box`, as the clerk placed it on screen).
   */
  rect?: { x: number; y: number; width: number; height: number };
  box?: { x: number; y: number; width: number; height: number };
  signerName: string;
  signedAt: string;
  /** The client address the citizen signed from, recorded as the signature's /Location. */
  ip: string;
  language: DocumentLanguage;
  maxPages?: number;
}

const CAPTION_SIZE = 6.5;
const CAPTION_GAP = 2;

/**
 * The citizen's signature: the drawn image and a caption in the document's language are placed on
 * the page, and that revision is signed by the platform on the citizen's behalf (see pki.ts).
 * Drawing and signature are one incremental update, so the signature covers the image.
 */
export async function signAsCitizen(bytes: Uint8Array, options: CitizenSignatureOptions): Promise<SignedPdf> {
  const pdf = await openForIncrementalUpdate(bytes, options.maxPages ?? DEFAULT_MAX_PAGES);
  const page = pdf.getPage(options.page);
  if (!page) throw new AppError('validation_error', `The PDF has no page ${options.page + 1}.`);
  if (Number.isNaN(Date.parse(options.signedAt))) throw new AppError('validation_error', 'signedAt is not a date.');
  const rect = options.rect ?? rectOfBox(options.box, page);
  assertRectOnPage(rect, page);
  drawCitizenSignature(pdf, page, { ...options, rect });
  const labels = LABELS[options.language];
  return signRevision(bytes, pdf, options, {
    reason: labels.citizenReason,
    location: labels.onlineFrom(options.ip),
    name: options.signerName,
    signedAt: options.signedAt,
    tsa: null,
  });
}

function rectOfBox(box: CitizenSignatureOptions['box'], page: PDFPage): NonNullable<CitizenSignatureOptions['rect']> {
  if (!box) throw new AppError('validation_error', 'Say where the signature goes.');
  const crop = page.getCropBox();
  return {
    x: crop.x + box.x * crop.width,
    y: crop.y + crop.height - (box.y + box.height) * crop.height,
    width: box.width * crop.width,
    height: box.height * crop.height,
  };
}

function assertRectOnPage(rect: NonNullable<CitizenSignatureOptions['rect']>, page: PDFPage): void {
  const box = page.getCropBox();
  const inside =
    [rect.x, rect.y, rect.width, rect.height].every(Number.isFinite) &&
    rect.width >= 20 &&
    rect.height >= 15 &&
    rect.x >= box.x &&
    rect.y >= box.y &&
    rect.x + rect.width <= box.x + box.width + 0.01 &&
    rect.y + rect.height <= box.y + box.height + 0.01;
  if (!inside) throw new AppError('validation_error', 'The signature box must lie on the page (at least 20 × 15 points).');
}

function drawCitizenSignature(
  pdf: PDF,
  page: PDFPage,
  options: CitizenSignatureOptions & { rect: NonNullable<CitizenSignatureOptions['rect']> },
): void {
  let image;
  try {
    image = pdf.embedPng(options.png);
  } catch (err) {
    throw new AppError('validation_error', 'The drawn signature is not a readable PNG.', { cause: (err as Error).message });
  }
  const { rect } = options;
  const caption = winAnsiText(LABELS[options.language].signedBy(options.signerName, formatWhen(options.signedAt, options.language)));
  // The caption shrinks to fit the box's width rather than overflow onto the page's content.
  const size = Math.max(
    3,
    Math.min(CAPTION_SIZE, (CAPTION_SIZE * rect.width) / measureText(caption, StandardFonts.Helvetica, CAPTION_SIZE)),
  );
  const captionHeight = size + CAPTION_GAP;
  const room = { width: rect.width, height: rect.height - captionHeight };
  const scale = Math.min(room.width / image.width, room.height / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  page.drawImage(image, { x: rect.x + (room.width - width) / 2, y: rect.y + captionHeight + (room.height - height) / 2, width, height });
  page.drawText(caption, { x: rect.x, y: rect.y + 1, size, font: StandardFonts.Helvetica, color: rgb(0.2, 0.2, 0.2) });
}

interface RevisionSignature {
  reason: string;
  location: string;
  name: string;
  contactInfo?: string;
  signedAt: string;
  tsa: CheckedTimestampAuthority | null;
}

async function signRevision(input: Uint8Array, pdf: PDF, key: SigningKeyInput, sig: RevisionSignature): Promise<SignedPdf> {
  const signer = await openSigner(key);
  const signingTime = new Date(sig.signedAt);
  if (Number.isNaN(signingTime.getTime())) throw new AppError('validation_error', 'signedAt is not a date.');
  const level = sig.tsa ? 'B-T' : 'B-B';
  const entries = { Name: sig.name, Reason: sig.reason, Location: sig.location, ContactInfo: sig.contactInfo };
  const { bytes } = await withSignatureEntries(pdf, entries, () =>
    pdf.sign({
      signer,
      subFilter: 'ETSI.CAdES.detached',
      level,
      signingTime,
      timestampAuthority: sig.tsa ?? undefined,
      estimatedSize: placeholderSize(key.p12, sig.tsa !== null),
    }),
  );
  assertAppendedTo(input, bytes);
  return { bytes, level, signedAt: signingTime.toISOString(), sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function openSigner(key: SigningKeyInput): Promise<P12Signer> {
  try {
    return await P12Signer.create(key.p12, key.password);
  } catch (err) {
    // A configuration fault, not the caller's: it surfaces as internal_error with this cause logged.
    throw new Error(`the signing PKCS#12 cannot be opened: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Room for the CMS: the certificates of the chain travel in it (about the size of the PKCS#12),
 * plus the signature and attributes, plus a TSA token with its own chain for B-T. RECIPES measured
 * 5.2 KB for B-T with a self-signed chain; real qualified chains are larger.
 */
function placeholderSize(p12: Uint8Array, timestamped: boolean): number {
  return Math.max(16_384, p12.length * 2 + 8_192) + (timestamped ? 8_192 : 0);
}

/**
 * libpdf's sign() takes no /Name, and escapes /Reason, /Location and /ContactInfo twice (a "(" is
 * shown as "\("). So the signature dictionary it registers gets these entries on the way in,
 * written once, properly (issue 16: a citizen's signature names the citizen, whose certificate
 * it is not). The dictionary is part of the signed revision, so they are covered by the signature.
 */
async function withSignatureEntries<T>(pdf: PDF, entries: Record<string, string | undefined>, run: () => Promise<T>): Promise<T> {
  const registry = pdf.context.registry;
  const register = registry.register.bind(registry);
  registry.register = (obj) => {
    if (obj instanceof PdfDict && obj.getName('Type')?.value === 'Sig') {
      for (const [key, value] of Object.entries(entries)) if (value) obj.set(key, PdfString.fromString(value));
    }
    return register(obj);
  };
  try {
    return await run();
  } finally {
    registry.register = register;
  }
}
