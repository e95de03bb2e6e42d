import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/*
 * What the capacity bench reads from Linux: a process's CPU time, the machine's, the kernel's drop
 * counters of UDP sockets, and the socket buffer ceilings it tries to raise.
 */

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process (all its threads), in seconds, from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses; the fields after its last ')' are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, so 12 and 13 after the name.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export function processName(pid: number): string {
  return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
}

/** Busy CPU seconds of the whole machine, every core together, from /proc/stat. */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / CLOCK_TICKS;
}

/** Datagrams the kernel dropped for full buffers, summed over the IPv4 UDP sockets bound to these local ports. */
export function udpDrops(ports: ReadonlySet<number>): number {
  let drops = 0;
  for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 13) continue;
    const local = Number.parseInt(cols[1]!.split(':')[1]!, 16);
    if (ports.has(local)) drops += Number(cols.at(-1));
  }
  return drops;
}

export interface SocketBufferLimits {
  /** net.core.rmem_max during the run, in bytes. */
  value: number;
  wmem_max: number;
  wanted: number;
  /** Whether the bench raised it (it restores the old values afterwards). */
  raised: boolean;
  previous: { rmem_max: number; wmem_max: number };
  /** Set when the bench could not raise it: the socket buffers are smaller than asked, and why. */
  note?: string;
}

const RMEM = '/proc/sys/net/core/rmem_max';
const WMEM = '/proc/sys/net/core/wmem_max';
const readNumber = (file: string) => Number(readFileSync(file, 'utf8').trim());

/**
 * Raises net.core.rmem_max and wmem_max to `wanted` when they are lower: the generator's few
 * receiving sockets take every consumer's packets, and must ride out a scheduling hiccup without
 * the kernel dropping any. A container usually may not (read-only /proc/sys); that is noted.
 */
export function raiseSocketBufferLimits(wanted: number): SocketBufferLimits & { restore(): void } {
  const previous = { rmem_max: readNumber(RMEM), wmem_max: readNumber(WMEM) };
  const problems: string[] = [];
  for (const [file, name] of [
    [RMEM, 'net.core.rmem_max'],
    [WMEM, 'net.core.wmem_max'],
  ] as const) {
    if (readNumber(file) >= wanted) continue;
    try {
      writeFileSync(file, String(wanted));
    } catch (error) {
      problems.push(`${name}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  const value = readNumber(RMEM);
  const wmem = readNumber(WMEM);
  const raised = value > previous.rmem_max || wmem > previous.wmem_max;
  const limits: SocketBufferLimits = { value, wmem_max: wmem, wanted, raised, previous };
  if (value < wanted) {
    limits.note =
      `could not raise net.core.rmem_max to ${wanted} (${problems.join('; ') || 'unknown'}): the generator's sockets ` +
      `get ${value} bytes at most, so its own drops (generator_socket_drops) may count as loss`;
  }
  return {
    ...limits,
    restore() {
      if (!raised) return;
      try {
        writeFileSync(RMEM, String(previous.rmem_max));
        writeFileSync(WMEM, String(previous.wmem_max));
      } catch {
        // Raised once, it can be lowered again; if not, the higher ceiling harms nothing.
      }
    },
  };
}

/** A process's CPU affinity as a taskset list ("0,1"), or undefined when taskset is not there. */
export function cpuAffinity(pid: number): string | undefined {
  try {
    return execFileSync('taskset', ['-c', '-p', String(pid)], { encoding: 'utf8' })
      .split(':')
      .at(-1)!
      .trim();
  } catch {
    return undefined;
  }
}

/** Pins every thread of a process to the CPUs in `list`; the reason when it could not. */
export function pinProcess(pid: number, list: string): string | undefined {
  try {
    execFileSync('taskset', ['-a', '-c', '-p', list, String(pid)], { stdio: 'ignore' });
    return undefined;
  } catch (error) {
    return `taskset -a -c -p ${list} ${pid}: ${(error as Error).message.split('\n')[0]}`;
  }
}

export interface PinningSummary {
  worker_cpu: string;
  generator_cpu: string;
  applied: boolean;
  note?: string;
}

/**
 * The mediasoup workers get a core of their own (the last), and the generator, the signalling and the
 * media worker's Node process the others, so that neither steals the other's cycles. Creating one
 * pins this process (its threads and children inherit it); restore() gives it its affinity back.
 */
export class Pinning {
  readonly worker: string;
  readonly generator: string;
  readonly #own: string | undefined;
  readonly #problems: string[] = [];

  constructor() {
    const cores = availableParallelism();
    this.worker = String(cores - 1);
    this.generator = cores > 2 ? `0-${cores - 2}` : '0';
    this.#own = cpuAffinity(process.pid);
    if (cores < 2) this.#problems.push('one core only: nothing pinned');
    else this.#pin(process.pid, this.generator);
  }

  /** Pins a mediasoup worker to its core, and the Node process that drives it, if any, with the generator. */
  sfu(workerPid: number, controlPid: number | undefined): void {
    if (availableParallelism() < 2) return;
    this.#pin(workerPid, this.worker);
    if (controlPid) this.#pin(controlPid, this.generator);
  }

  restore(): void {
    if (this.#own) pinProcess(process.pid, this.#own);
  }

  summary(): PinningSummary {
    const applied = this.#problems.length === 0;
    return { worker_cpu: this.worker, generator_cpu: this.generator, applied, ...(applied ? {} : { note: this.#problems.join('; ') }) };
  }

  #pin(pid: number, list: string): void {
    const problem = pinProcess(pid, list);
    if (problem) this.#problems.push(problem);
  }
}
