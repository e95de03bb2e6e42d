import type { MessagePort } from 'node:worker_threads';

/*
 * A file streamed from the main thread to a worker over a MessagePort, with credit-based
 * backpressure: the main thread has at most WINDOW pieces in flight, and the worker grants one
 * more each time it takes one. So the main thread only moves bytes (its event loop stays free),
 * the worker needs no S3 credentials or client of its own, and memory stays at a few pieces
 * however large the file and however slow the scan.
 */

type ToWorker = { kind: 'piece'; bytes: Uint8Array } | { kind: 'end' } | { kind: 'error'; message: string };
type ToMain = { kind: 'more' };

export const WINDOW = 4;
/** Pieces are joined up to this size, so that a 200 MB file is some 400 messages, not 13,000. */
export const PIECE_BYTES = 512 * 1024;

/** Main side: sends `body` into `port` until it ends, `signal` aborts, or the worker stops asking. */
export async function pumpToPort(body: AsyncIterable<Uint8Array>, port: MessagePort, signal: AbortSignal): Promise<void> {
  let credits = WINDOW;
  let wake: (() => void) | null = null;
  const onMore = (msg: ToMain) => {
    if (msg.kind !== 'more') return;
    credits++;
    wake?.();
  };
  const onAbort = () => wake?.();
  port.on('message', onMore);
  signal.addEventListener('abort', onAbort);
  const send = async (pieces: Uint8Array[]) => {
    while (credits === 0 && !signal.aborted) await new Promise<void>((r) => (wake = r));
    wake = null;
    if (signal.aborted) return;
    credits--;
    // One copy of our own (the stream's chunks may share memory we do not own), then transferred, not cloned.
    const own = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of pieces) {
      own.set(p, at);
      at += p.length;
    }
    port.postMessage({ kind: 'piece', bytes: own } satisfies ToWorker, [own.buffer as ArrayBuffer]);
  };
  try {
    let pending: Uint8Array[] = [];
    let held = 0;
    for await (const chunk of body) {
      if (signal.aborted) return;
      pending.push(chunk);
      held += chunk.length;
      if (held < PIECE_BYTES) continue;
      await send(pending);
      pending = [];
      held = 0;
    }
    if (held > 0) await send(pending);
    if (!signal.aborted) port.postMessage({ kind: 'end' } satisfies ToWorker);
  } catch (err) {
    if (!signal.aborted) port.postMessage({ kind: 'error', message: (err as Error).message } satisfies ToWorker);
    throw err;
  } finally {
    port.off('message', onMore);
    signal.removeEventListener('abort', onAbort);
  }
}

/** Worker side: the pieces the main thread sends, in order; a read error there rejects here. */
export function piecesFromPort(port: MessagePort): AsyncIterableIterator<Uint8Array> {
  const queue: Uint8Array[] = [];
  let ended = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  port.on('message', (msg: ToWorker) => {
    if (msg.kind === 'piece') queue.push(msg.bytes);
    else if (msg.kind === 'end') ended = true;
    else failure = new Error(`reading the file failed: ${msg.message}`);
    wake?.();
  });
  const iterator: AsyncIterableIterator<Uint8Array> = {
    async next() {
      while (queue.length === 0 && !ended && !failure) await new Promise<void>((r) => (wake = r));
      wake = null;
      const piece = queue.shift();
      if (piece) {
        port.postMessage({ kind: 'more' } satisfies ToMain);
        return { done: false, value: piece };
      }
      if (failure) throw failure;
      return { done: true, value: undefined };
    },
    async return() {
      port.close();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
