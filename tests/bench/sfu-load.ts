import type { EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { PartySpec, ReceiverCommand, ReceiverStats, SenderCommand, SenderStats, ThreadReply } from './sfu-load-thread';

export type { PartySpec, ReceiverStats, SenderStats, ThreadCpu } from './sfu-load-thread';

const THREAD_URL = new URL('./sfu-load-thread.ts', import.meta.url);

export interface LoadGeneratorOptions {
  /** Sockets the sampled calls' receive transports send to, shared out round robin; they are read. */
  receiverSockets: number;
  /** Sockets the other calls' receive transports send to; nobody reads them. */
  sinkSockets: number;
  /** SO_RCVBUF of each receiving socket and SO_SNDBUF of each sending one, in bytes. */
  bufferBytes: number;
}

/** How busy each generator thread was between two readings, 0…1. */
export interface GeneratorLoad {
  sender: number;
  receiver: number;
}

/** A command without its request id, kept apart per member of the union. */
type Unsent<T> = T extends unknown ? Omit<T, 'requestId'> : never;

class Thread<Command extends { type: string }> {
  readonly worker: Worker;
  readonly #pending = new Map<number, (result: unknown) => void>();
  #nextId = 1;

  constructor(
    role: 'sender' | 'receiver' | 'sink',
    options: LoadGeneratorOptions & { stop?: SharedArrayBuffer },
    onFirstMessage?: (message: unknown) => void,
  ) {
    this.worker = new Worker(THREAD_URL, { workerData: { role, ...options } });
    let first = true;
    this.worker.on('message', (message: ThreadReply | unknown) => {
      if (first && onFirstMessage) {
        first = false;
        onFirstMessage(message);
        return;
      }
      const { requestId, result } = message as ThreadReply;
      this.#pending.get(requestId)?.(result);
      this.#pending.delete(requestId);
    });
  }

  post(command: Command): void {
    this.worker.postMessage(command);
  }

  request<T>(command: Unsent<Command>): Promise<T> {
    const requestId = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(requestId, resolve as (result: unknown) => void);
      this.worker.postMessage({ ...command, requestId });
    });
  }
}

interface Sink {
  thread: Thread<never>;
  ports: number[];
  /** Set to 1 to let the sink thread out of its wait. */
  stop: Int32Array;
}

/**
 * The load generator: one thread sends every party's RTP, another reads the sampled calls'
 * consumers, so that neither waits for the other or for the main thread's signalling; a third holds
 * the sinks that the other calls' consumers send to, and never reads them (sfu-load-thread.ts).
 * Parties and streams belong to groups, one per SFU under test, which can be paused in turn.
 */
export class LoadGenerator {
  readonly #sender: Thread<SenderCommand>;
  readonly #receiver: Thread<ReceiverCommand>;
  readonly #receiverPorts: number[];
  readonly #sink: Sink;
  #eluMark: { sender: EventLoopUtilization; receiver: EventLoopUtilization };

  private constructor(sender: Thread<SenderCommand>, receiver: Thread<ReceiverCommand>, receiverPorts: number[], sink: Sink) {
    this.#sender = sender;
    this.#receiver = receiver;
    this.#receiverPorts = receiverPorts;
    this.#sink = sink;
    this.#eluMark = this.#elu();
  }

  static async start(options: LoadGeneratorOptions): Promise<LoadGenerator> {
    const sender = new Thread<SenderCommand>('sender', options);
    const started = <C extends { type: string }>(role: 'receiver' | 'sink', extra: { stop?: SharedArrayBuffer } = {}) => {
      let thread!: Thread<C>;
      const ports = new Promise<number[]>((resolve, reject) => {
        thread = new Thread<C>(role, { ...options, ...extra }, (message) => resolve((message as { ready: number[] }).ready));
        thread.worker.once('error', reject);
      });
      return { thread, ports };
    };
    const receiver = started<ReceiverCommand>('receiver');
    const stop = new SharedArrayBuffer(4);
    const sink = started<never>('sink', { stop });
    const [receiverPorts, sinkPorts] = await Promise.all([receiver.ports, sink.ports]);
    return new LoadGenerator(sender, receiver.thread, receiverPorts, { thread: sink.thread, ports: sinkPorts, stop: new Int32Array(stop) });
  }

  /** Where party `id`'s receive transport sends: a read socket for a sampled call, else a sink. */
  receiverPortFor(id: number, sampled: boolean): number {
    const ports = sampled ? this.#receiverPorts : this.#sink.ports;
    return ports[id % ports.length]!;
  }

  get receiverPorts(): readonly number[] {
    return this.#receiverPorts;
  }

  get sinkPorts(): readonly number[] {
    return this.#sink.ports;
  }

  /** Starts sending the party's streams; resolves with the local port they come from. */
  addParty(party: PartySpec): Promise<number> {
    return this.#sender.request<number>({ type: 'add', party });
  }

  /** Stops or restarts sending every party of a group; a restarted party does not catch up. */
  async setPaused(group: number, paused: boolean): Promise<void> {
    await this.#sender.request<void>({ type: paused ? 'pause' : 'resume', group });
  }

  /** Counts a consumer's stream, in its group, from now on. */
  expect(ssrc: number, group: number): void {
    this.#receiver.post({ type: 'expect', ssrc, group });
  }

  /** Starts a measuring window: the group's streams known now must each receive something before its next stats. */
  mark(group: number): void {
    this.#receiver.post({ type: 'mark', group });
    this.#eluMark = this.#elu();
  }

  senderStats(group: number): Promise<SenderStats> {
    return this.#sender.request<SenderStats>({ type: 'stats', group });
  }

  receiverStats(group: number): Promise<ReceiverStats> {
    return this.#receiver.request<ReceiverStats>({ type: 'stats', group });
  }

  /** Each thread's event loop utilisation since the last mark: near 1, that thread is the bottleneck. */
  loadSinceMark(): GeneratorLoad {
    const now = this.#elu();
    return {
      sender: this.#sender.worker.performance.eventLoopUtilization(now.sender, this.#eluMark.sender).utilization,
      receiver: this.#receiver.worker.performance.eventLoopUtilization(now.receiver, this.#eluMark.receiver).utilization,
    };
  }

  async close(): Promise<void> {
    Atomics.store(this.#sink.stop, 0, 1);
    Atomics.notify(this.#sink.stop, 0);
    await Promise.all([this.#sender.worker.terminate(), this.#receiver.worker.terminate(), this.#sink.thread.worker.terminate()]);
  }

  #elu(): { sender: EventLoopUtilization; receiver: EventLoopUtilization } {
    return {
      sender: this.#sender.worker.performance.eventLoopUtilization(),
      receiver: this.#receiver.worker.performance.eventLoopUtilization(),
    };
  }
}
