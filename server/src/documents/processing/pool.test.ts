import { AppError } from '@oac/shared';
import { inflationBombPdf, javascriptPdf, manyPagesPdf, validPdf, writeAll } from '@oac/tests/support/hostile-files';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { ProcessingPool } from './pool';
import { pumpToPort } from './port-stream';
import type { InspectLimits } from './types';

const LIMITS: InspectLimits = { maxPages: 500, maxInflatedBytes: 256 * 1024 * 1024, maxImagePixels: 50_000_000 };
const pools: ProcessingPool[] = [];
const poolOf = (o: Partial<ConstructorParameters<typeof ProcessingPool>[0]> = {}) => {
  const p = new ProcessingPool({ threads: 2, timeoutMs: 30_000, maxHeapMb: 128, ...o });
  pools.push(p);
  return p;
};
afterAll(async () => {
  for (const p of pools) await p.close();
});

/** Streams `body` into a worker's inspect task, as the upload check does with an S3 object. */
async function inspectIn(pool: ProcessingPool, body: Readable, limits = LIMITS) {
  const { port1, port2 } = new MessageChannel();
  const stop = new AbortController();
  const pump = pumpToPort(body, port1, stop.signal).catch(() => undefined);
  try {
    return await pool.run('inspect', { port: port2, limits }, { transferList: [port2] });
  } finally {
    stop.abort();
    body.destroy();
    port1.close();
    await pump;
  }
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable('accepted'),
    (err: unknown) => {
      expect(err).toBeInstanceOf(AppError);
      return (err as AppError).code;
    },
  );

// Each pool starts its workers, which load TypeScript: seconds on a busy machine.
describe('the processing pool', { timeout: 60_000 }, () => {
  it('runs the inspection on a worker thread (TypeScript loaded there under vitest)', async () => {
    const pool = poolOf();
    expect(await inspectIn(pool, Readable.from([await validPdf(4)]))).toEqual({ type: 'application/pdf', pages: 4, flags: [] });
    expect((await inspectIn(pool, Readable.from([javascriptPdf()]))).flags).toEqual(['javascript']);
  });

  it('keeps the event loop free while workers scan a 600 MB bomb and a 20,000-page PDF', async () => {
    const pool = poolOf();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const codes = await Promise.all([
      refusal(inspectIn(pool, Readable.from([inflationBombPdf()]))),
      refusal(inspectIn(pool, Readable.from([manyPagesPdf()]))),
    ]);
    delay.disable();
    expect(codes).toEqual(['document_too_large_inflated', 'document_too_many_pages']);
    // Building the files above ran on this loop too; the scans themselves added no long stall.
    expect(delay.max / 1e6).toBeLessThan(500);
  });

  it('terminates a task past its time limit, and the pool goes on with a fresh worker', async () => {
    const pool = poolOf({ threads: 1, timeoutMs: 4_000 });
    expect(await inspectIn(pool, Readable.from([await validPdf(1)]))).toMatchObject({ pages: 1 });
    // A file that never finishes arriving: the task waits until the limit ends it.
    const endless = new Readable({ read() {} });
    endless.push(Buffer.from('%PDF-1.7\n'));
    const started = performance.now();
    expect(await refusal(inspectIn(pool, endless))).toBe('document_processing_timeout');
    expect(performance.now() - started).toBeLessThan(8_000);
    expect(await inspectIn(pool, Readable.from([await validPdf(2)]))).toMatchObject({ pages: 2 });
  });

  it('refuses a task that needs more heap than its worker has, and the server lives on', async () => {
    // 8 MB of heap cannot even hold the loaded scanner: the worker dies of it, not this process.
    const pool = poolOf({ threads: 1, maxHeapMb: 8 });
    expect(await refusal(inspectIn(pool, Readable.from([await validPdf(1)])))).toBe('document_too_complex');
  });

  it('makes a task wait for a free worker, and refuses it as busy when none frees up in time', async () => {
    const pool = poolOf({ threads: 1, timeoutMs: 20_000 });
    const pdf = await validPdf(1);
    // Warm: the worker has loaded, so the timings below are the queue's.
    expect(await inspectIn(pool, Readable.from([pdf]))).toMatchObject({ pages: 1 });
    const slow = new Readable({ read() {} });
    slow.push(pdf.subarray(0, 100));
    const first = inspectIn(pool, slow);
    await new Promise((r) => setTimeout(r, 100));
    const second = inspectIn(pool, Readable.from([pdf]));
    await new Promise((r) => setTimeout(r, 100));
    expect(pool.load).toEqual({ running: 1, waiting: 1, threads: 1 });
    // The first file finishes arriving: its worker is free, and the second gets it.
    slow.push(pdf.subarray(100));
    slow.push(null);
    expect(await first).toMatchObject({ pages: 1 });
    expect(await second).toMatchObject({ pages: 1 });
    // A worker held longer than a task may wait: the waiting task is refused, retryably.
    const impatient = poolOf({ threads: 1, timeoutMs: 500 });
    const held = impatient.withWorker(() => new Promise((r) => setTimeout(r, 1_500)));
    expect(await refusal(inspectIn(impatient, Readable.from([pdf])))).toBe('document_processing_busy');
    await held;
  });

  it('loads its workers under tsx too, as `npm start` runs the server', async () => {
    const dir = writeAll([
      { filename: 'ok.pdf', bytes: await validPdf(2) },
      { filename: 'pages.pdf', bytes: manyPagesPdf() },
    ]);
    const root = fileURLToPath(new URL('../../../../', import.meta.url));
    const { stdout } = await promisify(execFile)(
      path.join(root, 'node_modules/.bin/tsx'),
      ['server/src/documents/processing/check-file.ts', path.join(dir, 'ok.pdf'), path.join(dir, 'pages.pdf')],
      { cwd: root, timeout: 60_000 },
    );
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toMatchObject([
      { ok: true, type: 'application/pdf', pages: 2 },
      { ok: false, code: 'document_too_many_pages' },
    ]);
  });
});
