import { availableParallelism } from 'node:os';
import type { LoadGenerator, ReceiverStats, SenderStats, ThreadCpu } from './sfu-load';
import { machineBusySeconds, processCpuSeconds, udpDrops } from './sfu-proc';
import { AUDIO_PTIME_MS, VIDEO_BITRATE, VIDEO_PACKET_BYTES } from './sfu-rtp';
import type { SfuUnderTest } from './sfu-targets';

/*
 * One measuring window of the capacity bench at a fixed number of calls: the worker's CPU, the
 * sampled calls' loss and delivery, the generator's own CPU and drops, and whether the step held.
 */

export interface SfuStep {
  run: 'project' | 'baseline';
  calls: number;
  /** From the consumers' sequence numbers at the generator's sockets. */
  loss_percent: number;
  /**
   * One-way delay of the sampled calls' packets, generator → SFU → generator, over the window. On
   * loopback it is the SFU's queueing (and the generator's own): when it grows, the SFU has fallen
   * behind before anything is lost.
   */
  delay_ms_p50: number | null;
  delay_ms_p99: number | null;
  delay_ms_max: number | null;
  /** Packets received per packet sent over the window, for the sampled calls; ± a few % at the window's edges. */
  delivered_percent: number;
  /** The same for the calls that are not read, from the sinks' kernel counters (their RTCP included). */
  unsampled_delivered_percent: number;
  /** Consumer streams that received nothing in the window. */
  silent_streams: number;
  /** The mediasoup-worker process, in % of one core. */
  worker_cpu_percent: number;
  /** The bench process (its sending and receiving threads and signalling), in % of one core. */
  generator_cpu_percent: number;
  /** Each generator thread's CPU (user + system) in % of one core, and how busy its event loop was (0–1). */
  generator_sender_cpu_percent: number;
  generator_receiver_cpu_percent: number;
  generator_sender_busy: number;
  generator_receiver_busy: number;
  /** The project's media worker Node process (its rooms, peers and channel); null for the baseline, which runs in the bench. */
  control_cpu_percent: number | null;
  /** Everything else on the machine (other jobs, kernel threads), in % of one core. */
  other_cpu_percent: number;
  /** The whole machine, in % of one core: 100 × cores is every core busy. */
  machine_cpu_percent: number;
  send_late_ms_max: number;
  /** The generator sent under 98 % of a party's nominal packet rate, or its own sockets dropped: the step tells nothing. */
  generator_limited: boolean;
  generator_socket_drops: number;
  sfu_socket_drops: number;
  sent_pps: number;
  sent_pps_per_party: number;
  /** What the generator read: the sampled calls' packets only. */
  received_pps: number;
  held: boolean;
}

/** What each party sent over the window. */
export interface WindowRates {
  video_kbps: number;
  audio_kbps: number;
  video_pps: number;
  audio_pps: number;
}

export type StopReason =
  | 'loss'
  /** The p99 delay passed DELAY_LIMIT_MS. */
  | 'latency'
  | 'worker_saturated'
  | 'silent_streams'
  | 'generator_saturated'
  /** Every core was busy (worker, generator and the rest together), the worker short of its own limit. */
  | 'machine_saturated'
  | 'max_calls';

export const LOSS_LIMIT_PERCENT = 1;
export const CPU_LIMIT_PERCENT = 98;
/** A call whose packets wait longer than this (p99) in the SFU is not held, lost or not. */
export const DELAY_LIMIT_MS = 100;
/** What one party sends when the generator keeps up: 50 opus packets and about 54 VP8 packets a second. */
export const NOMINAL_PPS_PER_PARTY = 1000 / AUDIO_PTIME_MS + VIDEO_BITRATE / 8 / ((VIDEO_PACKET_BYTES.min + VIDEO_PACKET_BYTES.max) / 2);

const threadSeconds = (t: ThreadCpu) => t.userSeconds + t.systemSeconds;
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

interface Reading {
  at: number;
  worker: number;
  control: number;
  own: NodeJS.CpuUsage;
  machine: number;
  sender: SenderStats;
  receiver: ReceiverStats;
  generatorDrops: number;
  sfuDrops: number;
  sinkDrops: number;
}

async function read(
  sfu: SfuUnderTest,
  group: number,
  generator: LoadGenerator,
  generatorPorts: Set<number>,
  sinkPorts: Set<number>,
): Promise<Reading> {
  const [sender, receiver] = await Promise.all([generator.senderStats(group), generator.receiverStats(group)]);
  return {
    at: performance.now(),
    worker: processCpuSeconds(sfu.workerPid),
    control: sfu.controlPid ? processCpuSeconds(sfu.controlPid) : 0,
    own: process.cpuUsage(),
    machine: machineBusySeconds(),
    sender,
    receiver,
    generatorDrops: udpDrops(generatorPorts),
    sfuDrops: udpDrops(sfu.ports),
    sinkDrops: udpDrops(sinkPorts),
  };
}

/** Measures one window at the current number of calls. */
export async function measure(sfu: SfuUnderTest, group: number, calls: number, generator: LoadGenerator, seconds: number) {
  const generatorPorts = new Set(generator.receiverPorts);
  const sinkPorts = new Set(generator.sinkPorts);
  generator.mark(group);
  const a = await read(sfu, group, generator, generatorPorts, sinkPorts);
  await sleep(seconds * 1000);
  const b = await read(sfu, group, generator, generatorPorts, sinkPorts);
  const load = generator.loadSinceMark();
  const s = (b.at - a.at) / 1000;
  const percent = (cpuSeconds: number) => round((cpuSeconds / s) * 100);
  const expected = b.receiver.expected - a.receiver.expected;
  const received = b.receiver.received - a.receiver.received;
  const sent = b.sender.packets - a.sender.packets;
  const sampledSent = b.sender.sampledPackets - a.sender.sampledPackets;
  const unsampledSent = sent - sampledSent;
  const worker = percent(b.worker - a.worker);
  const control = percent(b.control - a.control);
  const own = percent((b.own.user - a.own.user + b.own.system - a.own.system) / 1e6);
  const step: SfuStep = {
    run: sfu.label,
    calls,
    delay_ms_p50: b.receiver.delayMs?.p50 ?? null,
    delay_ms_p99: b.receiver.delayMs?.p99 ?? null,
    delay_ms_max: b.receiver.delayMs?.max ?? null,
    loss_percent: expected > 0 ? round(Math.max(0, (100 * (expected - received)) / expected), 3) : 100,
    delivered_percent: sampledSent > 0 ? round((100 * received) / sampledSent, 2) : 0,
    unsampled_delivered_percent: unsampledSent > 0 ? round((100 * (b.sinkDrops - a.sinkDrops)) / unsampledSent, 2) : 0,
    silent_streams: b.receiver.silentSinceMark,
    worker_cpu_percent: worker,
    generator_cpu_percent: own,
    generator_sender_cpu_percent: percent(threadSeconds(b.sender) - threadSeconds(a.sender)),
    generator_receiver_cpu_percent: percent(threadSeconds(b.receiver) - threadSeconds(a.receiver)),
    generator_sender_busy: round(load.sender, 2),
    generator_receiver_busy: round(load.receiver, 2),
    control_cpu_percent: sfu.controlPid ? control : null,
    other_cpu_percent: Math.max(0, round(percent(b.machine - a.machine) - worker - own - control)),
    machine_cpu_percent: percent(b.machine - a.machine),
    send_late_ms_max: round(b.sender.maxLateMs),
    generator_limited: false,
    generator_socket_drops: b.generatorDrops - a.generatorDrops,
    sfu_socket_drops: b.sfuDrops - a.sfuDrops,
    sent_pps: Math.round(sent / s),
    sent_pps_per_party: round(sent / s / (2 * calls)),
    received_pps: Math.round(received / s),
    held: false,
  };
  step.generator_limited =
    step.sent_pps_per_party < 0.98 * NOMINAL_PPS_PER_PARTY || step.generator_socket_drops > 0 || b.sender.skipped > a.sender.skipped;
  step.held =
    !step.generator_limited &&
    step.loss_percent <= LOSS_LIMIT_PERCENT &&
    (step.delay_ms_p99 ?? Infinity) <= DELAY_LIMIT_MS &&
    step.worker_cpu_percent < CPU_LIMIT_PERCENT &&
    step.silent_streams === 0;
  const rates: WindowRates = {
    video_kbps: round(((b.sender.videoBytes - a.sender.videoBytes) * 8) / s / 1000 / (2 * calls)),
    audio_kbps: round(((b.sender.audioBytes - a.sender.audioBytes) * 8) / s / 1000 / (2 * calls)),
    video_pps: round((b.sender.videoPackets - a.sender.videoPackets) / s / (2 * calls)),
    audio_pps: round((b.sender.audioPackets - a.sender.audioPackets) / s / (2 * calls)),
  };
  return { step, rates };
}

/** Why a step was not held. */
export function stopReason(step: SfuStep): StopReason {
  if (step.generator_limited) return 'generator_saturated';
  if (step.worker_cpu_percent >= CPU_LIMIT_PERCENT) return 'worker_saturated';
  // The worker short of its limit, but no core left for it: the generator and the worker share the machine.
  if (step.machine_cpu_percent >= 100 * availableParallelism() - 15) return 'machine_saturated';
  if (step.loss_percent > LOSS_LIMIT_PERCENT) return 'loss';
  if ((step.delay_ms_p99 ?? Infinity) > DELAY_LIMIT_MS) return 'latency';
  return 'silent_streams';
}
