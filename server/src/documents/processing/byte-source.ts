import { AppError } from '@oac/shared';

const EMPTY = Buffer.alloc(0);

export const damaged = (why: string): AppError => new AppError('document_damaged', `The file is damaged or incomplete: ${why}.`);

const asBuffer = (c: Uint8Array): Buffer => (Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength));

/**
 * Pulls exact byte counts out of a stream of chunks of any size, so that binary formats can be
 * read header by header while the file streams by. Only what a read asks for is ever held.
 */
export class ByteSource {
  private buf: Buffer = EMPTY;
  /** Offset in the file of the next unread byte. */
  position = 0;
  private done = false;

  constructor(private readonly chunks: AsyncIterator<Uint8Array>) {}

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.chunks.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    this.buf = this.buf.length ? Buffer.concat([this.buf, asBuffer(next.value)]) : asBuffer(next.value);
    return true;
  }

  /** Up to `n` bytes without consuming them; fewer only at the end of the file. */
  async peek(n: number): Promise<Buffer> {
    while (this.buf.length < n && (await this.fill()));
    return this.buf.subarray(0, n);
  }

  /** Exactly `n` bytes; a file that ends first is damaged. */
  async read(n: number, what = 'a header'): Promise<Buffer> {
    const got = await this.peek(n);
    if (got.length < n) throw damaged(`it ends inside ${what}`);
    this.buf = this.buf.subarray(n);
    this.position += n;
    return got;
  }

  /** Passes over `n` bytes, chunk by chunk, handing each piece to `each` when given. */
  async skip(n: number, what = 'a section', each?: (piece: Buffer) => Promise<void> | void): Promise<void> {
    let left = n;
    while (left > 0) {
      if (this.buf.length === 0 && !(await this.fill())) throw damaged(`it ends inside ${what}`);
      const piece = this.buf.subarray(0, Math.min(left, this.buf.length));
      this.buf = this.buf.subarray(piece.length);
      this.position += piece.length;
      left -= piece.length;
      if (each) await each(piece);
    }
  }

  /** Every remaining byte, as it arrives. */
  async *rest(): AsyncGenerator<Buffer> {
    for (;;) {
      if (this.buf.length === 0 && !(await this.fill())) return;
      const piece = this.buf;
      this.buf = EMPTY;
      this.position += piece.length;
      yield piece;
    }
  }

  async atEnd(): Promise<boolean> {
    return (await this.peek(1)).length === 0;
  }

  /** Reads to the end without looking, so that the whole file has passed (for the tail checks). */
  async drain(): Promise<void> {
    for await (const piece of this.rest()) void piece;
  }
}

/** Keeps the last `max` bytes of what passes through it. */
export class TailKeeper {
  private pieces: Buffer[] = [];
  private held = 0;
  total = 0;

  constructor(private readonly max: number) {}

  push(chunk: Uint8Array): void {
    const b = asBuffer(chunk);
    this.total += b.length;
    this.pieces.push(b);
    this.held += b.length;
    while (this.pieces.length > 1 && this.held - this.pieces[0]!.length >= this.max) this.held -= this.pieces.shift()!.length;
  }

  bytes(): Buffer {
    const all = Buffer.concat(this.pieces);
    return all.subarray(Math.max(0, all.length - this.max));
  }
}
