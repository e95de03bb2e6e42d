import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import http from 'node:http';

/** What the generated file looks like to the server's sniffing and upload-time inspection. */
export type FillerKind = 'pdf' | 'jpeg';

const TYPES: Record<FillerKind, { type: string; ext: string }> = {
  pdf: { type: 'application/pdf', ext: 'pdf' },
  jpeg: { type: 'image/jpeg', ext: 'jpg' },
};

/** SOI, an APP0 JFIF segment and a 16×16 baseline frame header: what an image check reads first. */
const JPEG_HEAD = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xc0, 0x00,
  0x11, 0x08, 0x00, 0x10, 0x00, 0x10, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
]);

/**
 * A PDF of exactly `size` bytes around one uncompressed stream of `filler` bytes: a catalog, one
 * empty page, the stream as an object nothing uses, and a correct xref table. So it is a valid
 * one-page PDF whatever the filler, and nothing in it inflates.
 */
function pdfFrame(size: number): { head: Buffer; tail: Buffer; filler: number } {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let filler = size;
  for (let i = 0; i < 3; i++) {
    // The last line's width depends on the xref's offset, which depends on the filler: settle it.
    let text = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
    const offsets: number[] = [];
    for (const [n, body] of objects.entries()) {
      offsets.push(text.length);
      text += `${n + 1} 0 obj\n${body}\nendobj\n`;
    }
    offsets.push(text.length);
    const head = Buffer.from(`${text}4 0 obj\n<< /Length ${filler} >>\nstream\n`, 'latin1');
    const xrefAt = head.length + filler + '\nendstream\nendobj\n'.length;
    const xref = ['xref', '0 5', '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)].join('\n');
    const tail = Buffer.from(`\nendstream\nendobj\n${xref}\ntrailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1');
    const next = size - head.length - tail.length;
    if (next === filler) return { head, tail, filler };
    filler = next;
  }
  throw new Error(`cannot frame a PDF of ${size} bytes`);
}

/**
 * A file of `kind` of exactly `size` bytes, in chunks, never held whole: its structure, then
 * pseudo-random filler that does not compress, starting with a kilobyte of spaces (so that no chance
 * byte sequence near the start reads as another format). Every chunk is a fresh buffer.
 */
export function* fillerChunks(size: number, kind: FillerKind = 'pdf', seed?: string, chunkBytes = 256 * 1024): Generator<Buffer> {
  const frame = kind === 'pdf' ? pdfFrame(size) : { head: JPEG_HEAD, tail: Buffer.alloc(0), filler: size - JPEG_HEAD.length };
  yield Buffer.from(frame.head);
  // With a seed, an AES-CTR keystream: the same bytes every time, for a baseline to send the same file.
  const block = seed
    ? createCipheriv('aes-128-ctr', createHash('sha256').update(seed).digest().subarray(0, 16), Buffer.alloc(16)).update(
        Buffer.alloc(chunkBytes),
      )
    : randomBytes(chunkBytes);
  block.fill(0x20, 0, Math.min(1024, block.length));
  let left = frame.filler;
  for (let n = 0; left > 0; n++) {
    const chunk = Buffer.from(block.subarray(0, Math.min(chunkBytes, left)));
    // A counter in each later chunk, so that no two parts of the file are the same.
    if (n > 0 && chunk.length >= 8) chunk.writeBigUInt64BE(BigInt(n), 0);
    left -= chunk.length;
    yield chunk;
  }
  if (frame.tail.length) yield Buffer.from(frame.tail);
}

export interface StreamedUploadResult {
  status: number;
  body: any;
  headers: http.IncomingHttpHeaders;
  /** File bytes written to the socket before the answer came (the multipart framing not counted). */
  sentBytes: number;
  /** sha256 of the whole file, computed while it was sent (meaningful when all of it was sent). */
  sha256: string;
  ms: number;
}

/**
 * POSTs a generated file as multipart/form-data to the documents route with node:http, written as a
 * stream with backpressure, so a 200 MB upload costs the test process one chunk of memory.
 * `onSent` sees the count of file bytes written so far, to break something mid-upload.
 */
export function streamedUpload(
  baseUrl: string,
  appointmentId: string,
  token: string,
  opts: {
    size: number;
    kind?: FillerKind;
    seed?: string;
    filename?: string;
    onSent?: (bytes: number) => void;
    /** Drop the connection once this many file bytes are sent, as a cancelled upload does; the result's status is then 0. */
    abortAt?: number;
  },
): Promise<StreamedUploadResult> {
  const kind = opts.kind ?? 'pdf';
  const boundary = `----oacstream${randomBytes(8).toString('hex')}`;
  const filename = opts.filename ?? `big.${TYPES[kind].ext}`;
  const pre = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${TYPES[kind].type}\r\n\r\n`,
  );
  const post = Buffer.from(`\r\n--${boundary}--\r\n`);
  const url = new URL(`/api/appointments/${appointmentId}/documents`, baseUrl);
  const hash = createHash('sha256');
  const started = performance.now();
  let sentBytes = 0;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(pre.length + opts.size + post.length),
      },
    });
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON: keep the text */
        }
        resolve({
          status: res.statusCode ?? 0,
          body,
          headers: res.headers,
          sentBytes,
          sha256: hash.digest('hex'),
          ms: performance.now() - started,
        });
      });
      res.on('error', reject);
    });
    req.on('error', (err) => (answered ? undefined : reject(err)));
    const write = async () => {
      req.write(pre);
      for (const chunk of fillerChunks(opts.size, kind, opts.seed)) {
        if (answered || req.destroyed) return;
        hash.update(chunk);
        sentBytes += chunk.length;
        const more = req.write(chunk);
        opts.onSent?.(sentBytes);
        if (opts.abortAt !== undefined && sentBytes >= opts.abortAt) {
          answered = true;
          req.destroy();
          resolve({ status: 0, body: null, headers: {}, sentBytes, sha256: '', ms: performance.now() - started });
          return;
        }
        if (!more)
          await new Promise<void>((r) => {
            const done = () => {
              req.off('drain', done).off('close', done);
              r();
            };
            req.on('drain', done).on('close', done);
          });
      }
      req.end(post);
    };
    write().catch(reject);
  });
}
