// SFU capacity (issue 13, "Benchmarks"): one-to-one calls are added in steps, every party sending
// about 500 kbit/s of VP8-shaped and opus-shaped RTP through plain transports and consuming the other
// party's, until the packet loss passes 1 %, the p99 delay through the SFU 100 ms, or the mediasoup
// worker saturates its core. The project's media worker (one mediasoup worker) and a bare mediasoup
// worker with the same codecs, as the baseline, hold the same calls and take turns at carrying the
// load, step by step, so that neither is measured on a quieter machine than the other.
// `npx tsx tests/bench/sfu-capacity.ts [--max-calls N] [--step N] [--step-seconds S] [--sample-every K]
// [--pin] [--out file.json]` runs it alone and prints a table.
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { openCall } from './sfu-calls';
import { LoadGenerator } from './sfu-load';
import { CPU_LIMIT_PERCENT, measure, round, sleep, stopReason, type SfuStep, type StopReason, type WindowRates } from './sfu-measure';
import { Pinning, processName, raiseSocketBufferLimits, type PinningSummary, type SocketBufferLimits } from './sfu-proc';
import { startBareSfu, startProjectSfu, type SfuUnderTest } from './sfu-targets';

export type { SfuStep, StopReason } from './sfu-measure';

export interface SfuCapacityOptions {
  /** Never more calls than this. Default 400. */
  maxCalls?: number;
  /** Calls added per step while the worker has headroom; near saturation a quarter of it. Default 20. */
  step?: number;
  /** Length of each measuring window, after a settling second. Default 4. */
  stepSeconds?: number;
  /**
   * One call in this many has its consumers read and counted (loss, delivery); the others' go to
   * sockets nobody reads, where the kernel drops them. Reading costs Node about 10 µs a packet, about
   * as much CPU per call as the SFU spends, so on a small machine the generator may run out first.
   * But a dropped datagram also costs the SFU less (no enqueue, no reader to wake: about 5 % of the
   * worker's CPU here), so anything but 1 flatters both SFUs alike. Default 1: every packet is read.
   */
  sampleEvery?: number;
  /**
   * Pin the mediasoup workers to the last core and everything else to the others. Right on a machine
   * of its own; on a shared one it chains the worker to a core another job may be using. Default false.
   */
  pinCores?: boolean;
}

export interface SfuRun {
  calls_held: number;
  cpu_percent_at_max: number;
  loss_percent_at_max: number;
  stopped_because: StopReason;
  worker_pid: number;
}

export interface SfuCapacityResult {
  calls_held: number;
  baseline_calls_held: number;
  /** calls_held / baseline_calls_held. */
  overhead_ratio: number;
  /** The project's mediasoup-worker process at calls_held, in % of one core. */
  cpu_percent_at_max: number;
  baseline_cpu_percent_at_max: number;
  loss_percent_at_max: number;
  baseline_loss_percent_at_max: number;
  /**
   * The project's worker CPU over the baseline's, summed over the steps both held with the machine
   * under 170 % of a core: the cost of the same calls, apart from where the machine runs out.
   */
  worker_cpu_ratio_same_calls: number | null;
  goal: { calls_per_worker_core: number; ratio_to_baseline: number; met: boolean };
  project: SfuRun;
  baseline: SfuRun;
  rmem_max: SocketBufferLimits;
  cpu_pinning: PinningSummary | null;
  /** One call in this many was read; see SfuCapacityOptions.sampleEvery. */
  sample_every: number;
  /** What each party sent, over the project's last held step. */
  load_per_party: WindowRates;
  machine: {
    cores: number;
    loadavg_at_start: number[];
    other_cpu_percent_max: number;
    /** Set when other jobs took a noticeable share of the machine during the run. */
    note?: string;
  };
  steps: SfuStep[];
  seconds: number;
}

const SETTLE_MS = 1_000;
const OPEN_CONCURRENCY = 8;
const BUFFER_BYTES = 32 * 1024 * 1024;
const RECEIVER_SOCKETS = 4;
const SINK_SOCKETS = 4;
/** The two SFUs take ports apart from each other and from the tests' 30000–32700 and 21000–23000. */
const PROJECT_PORTS = { min: 24000, max: 26999 };
const BASELINE_PORTS = { min: 27000, max: 29999 };
/** Above this the two SFUs' costs are the machine's scheduling as much as their own. */
const QUIET_MACHINE_PERCENT = 170;
/** Other jobs above this share of a core make the run a measure of the machine as much as of the SFUs. */
const OTHER_JOBS_NOTE_PERCENT = 20;

/** One SFU under test, its generator group, and how far its ramp got. */
interface Lane {
  sfu: SfuUnderTest;
  group: number;
  done: boolean;
  stopped: StopReason;
  last: SfuStep | undefined;
  rates: WindowRates | undefined;
}

/**
 * How many calls to add next: what half the busier worker's remaining headroom would hold at the CPU
 * per call seen so far, between a quarter step and two steps, so that the ramp is quick far from
 * saturation and fine near it.
 */
function nextIncrement(steps: SfuStep[], size: number): number {
  const fine = Math.max(1, Math.round(size / 4));
  const busiest = steps.reduce((a, b) => (b.worker_cpu_percent > a.worker_cpu_percent ? b : a));
  const perCall = busiest.worker_cpu_percent / busiest.calls;
  if (perCall <= 0) return 2 * size;
  const headroom = (CPU_LIMIT_PERCENT - busiest.worker_cpu_percent) / perCall;
  return Math.min(2 * size, Math.max(fine, Math.floor(headroom / 2)));
}

async function openCalls(lane: Lane, generator: LoadGenerator, from: number, to: number, sampleEvery: number): Promise<void> {
  for (let next = from; next < to; next += OPEN_CONCURRENCY) {
    const batch = Array.from({ length: Math.min(OPEN_CONCURRENCY, to - next) }, (_, i) =>
      openCall(lane.sfu, generator, lane.group, next + i, (next + i) % sampleEvery === 0),
    );
    await Promise.all(batch);
  }
}

/** Only this lane's parties send, for a settling second and one window (twice, if the first looks like a hiccup). */
async function measureLane(lane: Lane, lanes: Lane[], generator: LoadGenerator, calls: number, seconds: number) {
  for (const other of lanes) await generator.setPaused(other.group, other !== lane);
  await sleep(SETTLE_MS);
  let result = await measure(lane.sfu, lane.group, calls, generator, seconds);
  const { step } = result;
  // A failure far from saturation, or while other jobs took the CPU, may be a hiccup: look once more.
  if (!step.held && (step.worker_cpu_percent < 90 || step.other_cpu_percent > 20)) {
    result = await measure(lane.sfu, lane.group, calls, generator, seconds);
  }
  return result;
}

/** Both lanes hold the same calls; each step measures them in turn, in alternating order, until each fails. */
async function ramp(lanes: Lane[], options: Required<SfuCapacityOptions>, steps: SfuStep[], onStep: (step: SfuStep) => void) {
  const generator = await LoadGenerator.start({ receiverSockets: RECEIVER_SOCKETS, sinkSockets: SINK_SOCKETS, bufferBytes: BUFFER_BYTES });
  try {
    let calls = 0;
    let target = Math.min(options.step, options.maxCalls);
    for (let round = 0; ; round++) {
      const running = lanes.filter((lane) => !lane.done);
      if (running.length === 0) break;
      await Promise.all(running.map((lane) => openCalls(lane, generator, calls, target, options.sampleEvery)));
      calls = target;
      const held: SfuStep[] = [];
      for (const lane of round % 2 === 0 ? running : [...running].reverse()) {
        const { step, rates } = await measureLane(lane, lanes, generator, calls, options.stepSeconds);
        steps.push(step);
        onStep(step);
        if (!step.held) {
          lane.done = true;
          lane.stopped = stopReason(step);
          await generator.setPaused(lane.group, true);
          continue;
        }
        held.push(step);
        lane.last = step;
        lane.rates = rates;
        if (calls >= options.maxCalls) lane.done = true;
      }
      if (held.length === 0 || calls >= options.maxCalls) break;
      target = Math.min(options.maxCalls, calls + nextIncrement(held, options.step));
    }
  } finally {
    await generator.close();
  }
}

function summary(lane: Lane): SfuRun {
  return {
    calls_held: lane.last?.calls ?? 0,
    cpu_percent_at_max: lane.last?.worker_cpu_percent ?? 0,
    loss_percent_at_max: lane.last?.loss_percent ?? 0,
    stopped_because: lane.stopped,
    worker_pid: lane.sfu.workerPid,
  };
}

function cpuRatioAtSameCalls(steps: SfuStep[]): number | null {
  let project = 0;
  let baseline = 0;
  const quiet = (s: SfuStep) => s.held && s.machine_cpu_percent < QUIET_MACHINE_PERCENT;
  for (const p of steps.filter((s) => s.run === 'project' && quiet(s))) {
    const b = steps.find((s) => s.run === 'baseline' && s.calls === p.calls && quiet(s));
    if (!b) continue;
    project += p.worker_cpu_percent;
    baseline += b.worker_cpu_percent;
  }
  return baseline > 0 ? round(project / baseline, 3) : null;
}

function machineSummary(loadavgAtStart: number[], steps: SfuStep[]): SfuCapacityResult['machine'] {
  const other = Math.max(0, ...steps.map((s) => s.other_cpu_percent));
  const busy = steps.filter((s) => s.other_cpu_percent > OTHER_JOBS_NOTE_PERCENT).length;
  return {
    cores: availableParallelism(),
    loadavg_at_start: loadavgAtStart,
    other_cpu_percent_max: other,
    ...(busy > 0
      ? {
          note: `other jobs took over ${OTHER_JOBS_NOTE_PERCENT} % of a core in ${busy} of ${steps.length} steps (up to ${other} %): run again on a quiet machine`,
        }
      : {}),
  };
}

/** Runs the project's media worker and the bare baseline through the same ramp, in turns. */
export async function measureSfuCapacity(
  opts: SfuCapacityOptions = {},
  onStep: (step: SfuStep) => void = () => {},
): Promise<SfuCapacityResult> {
  const options: Required<SfuCapacityOptions> = { maxCalls: 400, step: 20, stepSeconds: 4, sampleEvery: 1, pinCores: false, ...opts };
  const started = performance.now();
  const loadavgAtStart = loadavg().map((l) => round(l, 2));
  const limits = raiseSocketBufferLimits(BUFFER_BYTES);
  const pinning = options.pinCores ? new Pinning() : undefined;
  const steps: SfuStep[] = [];
  const lanes: Lane[] = [];
  try {
    const sfus = [await startProjectSfu(PROJECT_PORTS), await startBareSfu(BASELINE_PORTS, process.env.MEDIASOUP_WORKER_BIN || undefined)];
    for (const [group, sfu] of sfus.entries()) {
      lanes.push({ sfu, group, done: false, stopped: 'max_calls', last: undefined, rates: undefined });
      const name = processName(sfu.workerPid);
      if (!name.startsWith('mediasoup-work')) throw new Error(`pid ${sfu.workerPid} is ${name}, not a mediasoup worker`);
      pinning?.sfu(sfu.workerPid, sfu.controlPid);
    }
    await ramp(lanes, options, steps, onStep);
    const [project, baseline] = lanes.map(summary) as [SfuRun, SfuRun];
    const ratio = baseline.calls_held > 0 ? round(project.calls_held / baseline.calls_held, 3) : 0;
    const { restore: _restore, ...rmem } = limits;
    return {
      calls_held: project.calls_held,
      baseline_calls_held: baseline.calls_held,
      overhead_ratio: ratio,
      cpu_percent_at_max: project.cpu_percent_at_max,
      baseline_cpu_percent_at_max: baseline.cpu_percent_at_max,
      loss_percent_at_max: project.loss_percent_at_max,
      baseline_loss_percent_at_max: baseline.loss_percent_at_max,
      worker_cpu_ratio_same_calls: cpuRatioAtSameCalls(steps),
      goal: { calls_per_worker_core: 190, ratio_to_baseline: 0.95, met: project.calls_held >= 190 && ratio >= 0.95 },
      project,
      baseline,
      rmem_max: rmem,
      cpu_pinning: pinning?.summary() ?? null,
      sample_every: options.sampleEvery,
      load_per_party: lanes[0]!.rates ?? lanes[1]!.rates ?? { video_kbps: 0, audio_kbps: 0, video_pps: 0, audio_pps: 0 },
      machine: machineSummary(loadavgAtStart, steps),
      steps,
      seconds: Math.round((performance.now() - started) / 1000),
    };
  } finally {
    await Promise.all(lanes.map((lane) => lane.sfu.close()));
    pinning?.restore();
    limits.restore();
  }
}

const COLUMNS: [string, number, (s: SfuStep) => string][] = [
  ['run', 8, (s) => s.run],
  ['calls', 5, (s) => String(s.calls)],
  ['loss', 7, (s) => `${s.loss_percent.toFixed(2)}%`],
  ['deliver', 8, (s) => `${s.delivered_percent.toFixed(1)}%`],
  ['p50 ms', 6, (s) => s.delay_ms_p50?.toFixed(1) ?? '-'],
  ['p99 ms', 6, (s) => s.delay_ms_p99?.toFixed(1) ?? '-'],
  ['worker', 7, (s) => `${s.worker_cpu_percent.toFixed(1)}%`],
  ['bench', 7, (s) => `${s.generator_cpu_percent.toFixed(1)}%`],
  ['send', 5, (s) => `${s.generator_sender_cpu_percent.toFixed(0)}%`],
  ['recv', 5, (s) => `${s.generator_receiver_cpu_percent.toFixed(0)}%`],
  ['ctrl', 5, (s) => (s.control_cpu_percent === null ? '-' : `${s.control_cpu_percent.toFixed(0)}%`)],
  ['other', 5, (s) => `${s.other_cpu_percent.toFixed(0)}%`],
  ['mach', 5, (s) => `${s.machine_cpu_percent.toFixed(0)}%`],
  ['sfu drops', 9, (s) => String(s.sfu_socket_drops)],
  ['pps/party', 9, (s) => s.sent_pps_per_party.toFixed(1)],
  ['', 0, (s) => (s.held ? 'held' : 'NOT HELD')],
];

function printRow(cells: string[]): void {
  console.log(cells.map((cell, i) => (i === 0 ? cell.padEnd(COLUMNS[i]![1]) : cell.padStart(COLUMNS[i]![1]))).join(' '));
}

function argument(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const opts: SfuCapacityOptions = {};
  const set = <K extends keyof SfuCapacityOptions>(key: K, value: SfuCapacityOptions[K] | undefined) => {
    if (value) opts[key] = value;
  };
  set('maxCalls', argument('--max-calls'));
  set('step', argument('--step'));
  set('stepSeconds', argument('--step-seconds'));
  set('sampleEvery', argument('--sample-every'));
  set('pinCores', process.argv.includes('--pin'));
  printRow(COLUMNS.map(([title]) => title));
  const result = await measureSfuCapacity(opts, (step) => printRow(COLUMNS.map(([, , cell]) => cell(step))));
  const { steps: _steps, ...summaryOnly } = result;
  console.log(JSON.stringify(summaryOnly, null, 2));
  const outIndex = process.argv.indexOf('--out');
  if (outIndex > 0) writeFileSync(process.argv[outIndex + 1]!, JSON.stringify(result, null, 2) + '\n');
  process.exit(0);
}
