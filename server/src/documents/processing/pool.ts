import { AppError } from '@oac/shared';
import { Piscina } from 'piscina';
import { MessageChannel, type Transferable } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { logger } from '../../logger';
import type { TaskInput, TaskMessage, TaskName, TaskOutput } from './tasks';
import type { TaskOutcome } from './types';

const log = logger('processing');

/**
 * How long a task may wait for its worker to start it (a fresh worker loads TypeScript first,
 * seconds on a busy machine). Its own time limit only starts then, so that the limit measures
 * the file's cost, not the worker's start.
 */
const START_DEADLINE_MS = 60_000;

export interface ProcessingPoolOptions {
  /** Worker threads; each runs one task at a time. */
  threads: number;
  /** How long one task may run before its worker is terminated; also how long a task may wait for a free worker. */
  timeoutMs: number;
  /** V8 heap of each worker (old generation); a task that needs more kills its worker, not the server. */
  maxHeapMb: number;
}

export interface RunOptions {
  transferList?: readonly Transferable[];
  /** Ends the task early (its worker is terminated if it is running). */
  signal?: AbortSignal;
}

type Runner = <N extends TaskName>(name: N, input: TaskInput<N>, options?: RunOptions) => Promise<TaskOutput<N>>;

/**
 * Parsing, scanning and (later) stamping and signing run here, on worker threads, so that a hostile
 * file costs a worker's time and memory and never the event loop that answers requests. Each task
 * has a time limit (its worker is terminated past it) and each worker a heap limit. Tasks wait in
 * our own queue, not piscina's, so that the time limit starts when a worker takes the task.
 */
export class ProcessingPool {
  private readonly piscina: Piscina;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private closed = false;

  constructor(private readonly options: ProcessingPoolOptions) {
    this.piscina = new Piscina({
      filename: fileURLToPath(new URL('./worker.mjs', import.meta.url)),
      minThreads: options.threads,
      maxThreads: options.threads,
      // Workers wait for tasks on their event loop, so that a task's leftover callbacks still run.
      atomics: 'async',
      // Not the parent's flags (tsx's or vitest's loaders): worker.mjs registers what it needs.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    });
    this.piscina.on('error', (err: unknown) => log.error({ err }, 'pool() a worker failed'));
  }

  run<N extends TaskName>(name: N, input: TaskInput<N>, options: RunOptions = {}): Promise<TaskOutput<N>> {
    return this.withWorker((run) => run(name, input, options));
  }

  /**
   * Runs `work` once a worker is free, giving it the way to run tasks: work that has to prepare
   * its input (open the file in S3, say) does so only when a worker is ready for it.
   */
  async withWorker<T>(work: (run: Runner) => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work((name, input, options) => this.runNow(name, input, options));
    } finally {
      this.release();
    }
  }

  private async runNow<N extends TaskName>(name: N, input: TaskInput<N>, options: RunOptions = {}): Promise<TaskOutput<N>> {
    const abort = new AbortController();
    let why: 'timeout' | 'not_started' | null = null;
    const stopFor = (reason: typeof why) => () => {
      why = reason;
      abort.abort();
    };
    let timer = setTimeout(stopFor('not_started'), START_DEADLINE_MS);
    // The worker says when it starts the task; the time limit runs from then.
    const { port1: startedHere, port2: startedThere } = new MessageChannel();
    startedHere.once('message', () => {
      clearTimeout(timer);
      timer = setTimeout(stopFor('timeout'), this.options.timeoutMs);
    });
    const onAbort = () => abort.abort();
    options.signal?.addEventListener('abort', onAbort);
    const started = performance.now();
    try {
      const outcome = (await this.piscina.run({ name, input, started: startedThere } satisfies TaskMessage, {
        signal: abort.signal,
        transferList: [...((options.transferList ?? []) as Transferable[]), startedThere],
      })) as TaskOutcome<TaskOutput<N>>;
      if (!outcome.ok) throw new AppError(outcome.error.code, outcome.error.message, outcome.error.details);
      return outcome.value;
    } catch (err) {
      throw this.explain(err, name, why);
    } finally {
      clearTimeout(timer);
      startedHere.close();
      options.signal?.removeEventListener('abort', onAbort);
      log.debug({ task: name, ms: Math.round(performance.now() - started) }, 'run() task finished');
    }
  }

  private explain(err: unknown, task: string, why: 'timeout' | 'not_started' | null): unknown {
    if (err instanceof AppError) return err;
    if (why === 'not_started') {
      log.error({ task }, 'run() no worker started the task in time');
      return new AppError('document_processing_busy', 'Document processing is not starting. Please try again in a moment.');
    }
    if (why === 'timeout') {
      log.warn({ task, timeoutMs: this.options.timeoutMs }, 'run() task timed out; its worker was terminated');
      return new AppError('document_processing_timeout', 'The file took too long to process.', { timeoutMs: this.options.timeoutMs });
    }
    if ((err as { code?: string } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      log.warn({ task, maxHeapMb: this.options.maxHeapMb }, 'run() task ran out of memory; its worker was terminated');
      return new AppError('document_too_complex', 'The file needs more memory to process than the platform allows.');
    }
    return err;
  }

  private acquire(): Promise<void> {
    if (this.closed) return Promise.reject(new AppError('document_processing_busy', 'Document processing is shutting down.'));
    if (this.running < this.options.threads) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(go), 1);
        reject(new AppError('document_processing_busy', 'Document processing is busy. Please try again in a moment.'));
      }, this.options.timeoutMs);
      const go = () => {
        clearTimeout(timer);
        this.running++;
        resolve();
      };
      this.waiting.push(go);
    });
  }

  private release(): void {
    this.running--;
    this.waiting.shift()?.();
  }

  /** Tasks still waiting or running at the time, and how many threads there are: for metrics and tests. */
  get load(): { running: number; waiting: number; threads: number } {
    return { running: this.running, waiting: this.waiting.length, threads: this.options.threads };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.piscina.destroy();
  }
}
