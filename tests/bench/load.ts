import { Worker } from 'node:worker_threads';

/*
 * A load generator on its own thread: the server under test runs in this process, and contenders
 * that shared its event loop would slow it down and be counted against it.
 */

export interface LoadRequest {
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface LoadResult {
  wallMs: number;
  latencies: number[];
  statuses: number[];
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
async function one(r) {
  const started = performance.now();
  const res = await fetch(r.url, {
    method: r.method,
    headers: { ...(r.body === undefined ? {} : { 'content-type': 'application/json' }), ...r.headers },
    body: r.body === undefined ? undefined : JSON.stringify(r.body),
  });
  await res.arrayBuffer();
  return { ms: performance.now() - started, status: res.status };
}
(async () => {
  const started = performance.now();
  const results = await Promise.all(workerData.requests.map(one));
  parentPort.postMessage({ wallMs: performance.now() - started, latencies: results.map((r) => r.ms), statuses: results.map((r) => r.status) });
})();
`;

/** Sends every request at once from a worker thread, and times each and the whole. */
export function runLoad(requests: LoadRequest[]): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { requests } });
    worker.once('message', (m: LoadResult) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
