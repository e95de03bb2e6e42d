import type { Config } from '../../config';
import type { ObjectStore } from '../../storage/object-store';
import type { Inspector } from '../service';
import { createInspector, createStreamInspector, type StreamInspector } from './inspector';
import { ProcessingPool } from './pool';

export { inspectObject, readForProcessing, createInspector, createStreamInspector, type StreamInspector } from './inspector';
export { ProcessingPool } from './pool';
export type { InspectLimits, InspectResult } from './types';

export interface DocumentProcessing {
  pool: ProcessingPool;
  /** The check of a stored object, for DocumentService (an upload that did not stream through `scan`). */
  inspect: Inspector;
  /** The same check on an upload's bytes as they stream to storage. */
  scan: StreamInspector;
  close(): Promise<void>;
}

/** The server's one processing pool, sized and limited from configuration, and the upload check on it. */
export function createDocumentProcessing(config: Config, store: ObjectStore): DocumentProcessing {
  const pool = new ProcessingPool({
    threads: config.DOCUMENT_WORKERS,
    timeoutMs: config.DOCUMENT_TASK_TIMEOUT_MS,
    maxHeapMb: config.DOCUMENT_WORKER_HEAP_MB,
  });
  const options = {
    maxPages: config.DOCUMENT_MAX_PAGES,
    maxInflatedBytes: config.DOCUMENT_MAX_INFLATED_BYTES,
    maxImagePixels: config.DOCUMENT_MAX_IMAGE_PIXELS,
    activeContent: config.DOCUMENT_ACTIVE_CONTENT,
  };
  const inspect = createInspector(pool, store, options);
  const scan = createStreamInspector(pool, options);
  return { pool, inspect, scan, close: () => pool.close() };
}
