import { AppError } from '@oac/shared';
import { damaged, type ByteSource } from './byte-source';
import { InflateBudget, Inflater, tooLargeInflated } from './inflate';

export interface ImageLimits {
  maxPixels: number;
  maxInflatedBytes: number;
}

export interface ImageScan {
  width: number;
  height: number;
}

/** The largest ISO-BMFF `meta` box read whole: real ones are a few KiB. */
const MAX_META_BYTES = 4 * 1024 * 1024;

function checkPixels(width: number, height: number, limits: ImageLimits): ImageScan {
  if (width <= 0 || height <= 0) throw damaged('the image declares no size');
  if (width * height > limits.maxPixels) {
    throw new AppError('document_image_too_large', 'The image has more pixels than the platform accepts.', {
      width,
      height,
      maxPixels: limits.maxPixels,
    });
  }
  return { width, height };
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * PNG: the size from IHDR (which must come first), refused past the pixel cap before any pixel
 * data is read; then the IDAT stream inflated, counted and dropped, and refused as soon as it
 * gives more than the declared size can hold (a zip bomb in image clothing) or the file's budget.
 */
export async function scanPng(source: ByteSource, limits: ImageLimits): Promise<ImageScan> {
  await source.read(8, 'the signature');
  const first = await source.read(8, 'the first chunk');
  if (first.readUInt32BE(0) !== 13 || first.toString('latin1', 4, 8) !== 'IHDR') throw damaged('the PNG does not start with IHDR');
  const ihdr = await source.read(13 + 4, 'IHDR');
  const dims = checkPixels(ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), limits);
  const bitDepth = ihdr[8]!;
  const channels = CHANNELS[ihdr[9]!];
  if (!channels || ![1, 2, 4, 8, 16].includes(bitDepth)) throw damaged('the PNG has an unknown colour type or bit depth');
  // Each row is a filter byte and its pixels; interlacing adds at most a filter byte per row of each of 7 passes.
  const rowBytes = Math.ceil((dims.width * channels * bitDepth) / 8) + 1;
  const rawMax = dims.height * rowBytes + 7 * (dims.height + 8) * 2;
  const budget = new InflateBudget(limits.maxInflatedBytes);
  let raw = 0;
  const idat = new Inflater(
    (n) => {
      raw += n;
      if (raw > rawMax) throw tooLargeInflated(Math.min(rawMax, limits.maxInflatedBytes));
      budget.take(n);
    },
    null,
    'ignore',
  );
  for (;;) {
    const head = await source.read(8, 'a chunk header');
    const length = head.readUInt32BE(0);
    const type = head.toString('latin1', 4, 8);
    if (length > 0x7fffffff) throw damaged('a PNG chunk is longer than PNG allows');
    if (type === 'IDAT') await source.skip(length, 'image data', (piece) => idat.write(piece));
    else await source.skip(length, `the ${type.replace(/[^ -~]/g, '?')} chunk`);
    await source.skip(4, 'a chunk checksum');
    if (type === 'IEND') break;
  }
  await idat.end();
  return dims;
}

/** JPEG markers of a frame header (SOF0–15, except DHT, JPG and DAC), which hold the size. */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/** JPEG: the size from the frame header, which must come before the scan starts. */
export async function scanJpeg(source: ByteSource, limits: ImageLimits): Promise<ImageScan> {
  await source.read(2, 'the start marker');
  for (;;) {
    let marker = (await source.read(2, 'a marker')).readUInt16BE(0);
    // Fill bytes: any number of 0xFF may precede a marker.
    while (marker === 0xffff) marker = 0xff00 | (await source.read(1, 'a marker'))[0]!;
    if (marker >> 8 !== 0xff) throw damaged('a JPEG segment does not start with a marker');
    const code = marker & 0xff;
    if (code === 0xd9 || code === 0xda) throw damaged('the JPEG has no frame header before its image data');
    if (code === 0x01 || (code >= 0xd0 && code <= 0xd7)) continue;
    const length = (await source.read(2, 'a segment length')).readUInt16BE(0);
    if (length < 2) throw damaged('a JPEG segment has an impossible length');
    if (SOF.has(code)) {
      const frame = await source.read(length - 2, 'the frame header');
      if (frame.length < 5) throw damaged('the JPEG frame header is too short');
      return checkPixels(frame.readUInt16BE(3), frame.readUInt16BE(1), limits);
    }
    await source.skip(length - 2, 'a JPEG segment');
  }
}

interface Box {
  type: string;
  /** Bytes of the body; null: to the end of the file. */
  size: number | null;
}

async function readBoxHeader(source: ByteSource): Promise<Box> {
  const head = await source.read(8, 'a box header');
  const size32 = head.readUInt32BE(0);
  const type = head.toString('latin1', 4, 8);
  if (size32 === 0) return { type, size: null };
  if (size32 === 1) {
    const large = (await source.read(8, 'a box size')).readBigUInt64BE(0);
    if (large < 16n || large > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged('an ISO-BMFF box has an impossible size');
    return { type, size: Number(large) - 16 };
  }
  if (size32 < 8) throw damaged('an ISO-BMFF box has an impossible size');
  return { type, size: size32 - 8 };
}

/** Every `ispe` (image spatial extent) inside a `meta` box's body, as [width, height]. */
function spatialExtents(body: Buffer, out: [number, number][] = [], depth = 0): [number, number][] {
  let at = 0;
  while (at + 8 <= body.length && depth < 8) {
    const size = body.readUInt32BE(at);
    const type = body.toString('latin1', at + 4, at + 8);
    if (size < 8 || at + size > body.length) throw damaged('a box inside the HEIC metadata overruns it');
    const inner = body.subarray(at + 8, at + size);
    if (type === 'ispe' && inner.length >= 12) out.push([inner.readUInt32BE(4), inner.readUInt32BE(8)]);
    else if (type === 'iprp' || type === 'ipco') spatialExtents(inner, out, depth + 1);
    at += size;
  }
  return out;
}

/**
 * HEIC: the image sizes from the `ispe` properties in the `meta` box, wherever it sits among the
 * top-level boxes; the largest must be under the pixel cap (a grid's canvas is the largest).
 */
export async function scanHeic(source: ByteSource, limits: ImageLimits): Promise<ImageScan> {
  let found: [number, number][] | null = null;
  while (!(await source.atEnd())) {
    const box = await readBoxHeader(source);
    if (box.type === 'meta' && box.size !== null) {
      if (box.size > MAX_META_BYTES) throw damaged('the HEIC metadata is larger than any real one');
      // A full box: version and flags, then the children.
      const body = await source.read(box.size, 'the HEIC metadata');
      found = spatialExtents(body.subarray(4));
    } else if (box.size === null) await source.drain();
    else await source.skip(box.size, `the ${box.type.replace(/[^ -~]/g, '?')} box`);
  }
  if (!found || found.length === 0) throw damaged('the HEIC file declares no image size');
  const [width, height] = found.reduce((a, b) => (b[0] * b[1] > a[0] * a[1] ? b : a));
  return checkPixels(width, height, limits);
}
