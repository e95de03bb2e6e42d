import { createReadStream } from 'node:fs';
import { MessageChannel } from 'node:worker_threads';
import { AppError } from '@oac/shared';
import { ProcessingPool } from './pool';
import { pumpToPort } from './port-stream';
import type { InspectLimits } from './types';

/**
 * Checks files on disk the way uploads are checked, on the same worker pool, and prints one JSON
 * line per file: `npx tsx server/src/documents/processing/check-file.ts a.pdf b.png`. It is also how
 * a test proves that the pool's workers load under tsx, as under `npm start`.
 */
const limits: InspectLimits = { maxPages: 500, maxInflatedBytes: 256 * 1024 * 1024, maxImagePixels: 50_000_000 };
const pool = new ProcessingPool({ threads: 1, timeoutMs: 60_000, maxHeapMb: 256 });
try {
  for (const file of process.argv.slice(2)) {
    const { port1, port2 } = new MessageChannel();
    const stop = new AbortController();
    const pump = pumpToPort(createReadStream(file), port1, stop.signal).catch(() => undefined);
    try {
      const result = await pool.run('inspect', { port: port2, limits }, { transferList: [port2] });
      process.stdout.write(`${JSON.stringify({ file, ok: true, ...result })}\n`);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      process.stdout.write(`${JSON.stringify({ file, ok: false, code: err.code, message: err.message })}\n`);
    } finally {
      stop.abort();
      port1.close();
      await pump;
    }
  }
} finally {
  await pool.close();
}
