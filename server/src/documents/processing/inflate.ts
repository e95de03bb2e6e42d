import { AppError } from '@oac/shared';
import { constants, createInflate, type Inflate } from 'node:zlib';
import { damaged } from './byte-source';

export const tooLargeInflated = (max: number): AppError =>
  new AppError('document_too_large_inflated', 'The file unpacks to more data than the platform accepts.', { maxInflatedBytes: max });

/** The inflated bytes that every compressed stream of one file may add up to. */
export class InflateBudget {
  used = 0;
  constructor(readonly max: number) {}

  take(n: number): void {
    this.used += n;
    if (this.used > this.max) throw tooLargeInflated(this.max);
  }
}

/** Output slices of 64 KiB: few thread-pool round trips, and never more than this held at once. */
const CHUNK = 64 * 1024;

/**
 * One compressed stream, inflated as its bytes arrive and dropped as it comes out: nothing is kept
 * but zlib's own window. Every output slice is counted (`take` throws to stop a bomb at once) and
 * may be looked at (`onData`), then let go.
 */
export class Inflater {
  private z: Inflate | null = null;
  private failure: unknown = null;
  private broken = false;
  private readonly waiting = new Set<{ ok: () => void; ko: (err: unknown) => void }>();

  /**
   * @param onBroken what corrupt data means: `refuse` it as damaged (when the content must be read,
   *   as an object stream's), or `ignore` it (an image or a page's drawing, which readers tolerate).
   */
  constructor(
    private readonly take: (n: number) => void,
    private readonly onData: ((slice: Buffer) => void) | null,
    private readonly onBroken: 'refuse' | 'ignore',
  ) {}

  private open(): Inflate {
    // SYNC_FLUSH at the end: a stream cut short (no adler32) gives what it has instead of an error, as readers do.
    const z = createInflate({ chunkSize: CHUNK, finishFlush: constants.Z_SYNC_FLUSH });
    z.on('data', (slice: Buffer) => {
      if (this.failure) return;
      try {
        this.take(slice.length);
        this.onData?.(slice);
      } catch (err) {
        this.fail(err);
      }
    });
    z.on('error', (err) => {
      if (this.failure) return;
      if (this.onBroken === 'refuse') return this.fail(damaged(`a compressed stream does not inflate (${err.message})`));
      this.broken = true;
      for (const w of this.waiting) w.ok();
      this.waiting.clear();
    });
    return z;
  }

  private fail(err: unknown): void {
    this.failure = err;
    this.z?.destroy();
    for (const w of this.waiting) w.ko(err);
    this.waiting.clear();
  }

  private settle(start: (done: (err?: unknown) => void) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      const w = { ok: resolve, ko: reject };
      this.waiting.add(w);
      start((err) => {
        this.waiting.delete(w);
        if (this.failure) reject(this.failure);
        else if (err && !this.broken) reject(err);
        else resolve();
      });
    });
  }

  /** Resolves once zlib has taken `piece` in and everything it gave out has been counted and seen. */
  write(piece: Uint8Array): Promise<void> {
    if (this.broken || piece.length === 0) return this.failure ? Promise.reject(this.failure) : Promise.resolve();
    this.z ??= this.open();
    const z = this.z;
    return this.settle((done) => z.write(piece, (err) => done(err ?? undefined)));
  }

  end(): Promise<void> {
    const z = this.z;
    if (!z || this.broken) return this.failure ? Promise.reject(this.failure) : Promise.resolve();
    return this.settle((done) => {
      z.once('end', () => done());
      z.once('close', () => done());
      z.end();
    });
  }
}
